-- 002: full-text search and import keys.
--
-- case_fts is an FTS5 index with one row per case (rowid = cases.id). FTS5's own
-- tokenizers cannot find two-character Chinese words (trigram needs three characters,
-- unicode61 keeps a run of Han characters as one token), so every indexed text is first
-- passed through zh_tokens(), an application-defined function the store registers on
-- each connection: it writes every Han character as a unigram and every adjacent pair as
-- a bigram, space-separated, and lower-cases other words. A query for 用电 is then the
-- token "用电". FTS5 virtual tables cannot be STRICT; the index holds only derived text
-- and is rebuilt from the record tables by the triggers below (any write to a case also
-- writes an event, so the event trigger keeps it in step). Cases that predate this
-- migration are indexed when the ledger is opened (zh_tokens is not available inside
-- migrations run by other tools).
--
-- case_import_keys remembers which ledger row each imported case came from (its 登记编号,
-- or a hash of the row when the file has none), so importing the same file twice does not
-- duplicate cases.

CREATE VIRTUAL TABLE case_fts USING fts5 (
    body,       -- summary, description, screening opinion, reply, outcome reason, comment
    names,      -- enterprise and contact names
    notes,      -- progress notes, department feedback, urges
    tokenize = 'unicode61 remove_diacritics 0'
);

CREATE TRIGGER case_fts_on_event AFTER INSERT ON events WHEN new.case_id IS NOT NULL
BEGIN
    DELETE FROM case_fts WHERE rowid = new.case_id;
    INSERT INTO case_fts (rowid, body, names, notes)
    SELECT c.id,
        zh_tokens(c.summary || ' ' || c.description || ' ' || c.screening_opinion || ' ' ||
                  c.reply_text || ' ' || c.outcome_reason || ' ' || c.eval_comment || ' ' ||
                  c.reject_detail),
        zh_tokens(e.name || ' ' || ct.name),
        zh_tokens(COALESCE((SELECT group_concat(ev.summary, ' ') FROM events ev
                            WHERE ev.case_id = c.id AND ev.action IN ('progress', 'urge', 'import')), ''))
    FROM cases c JOIN enterprises e ON e.id = c.enterprise_id JOIN contacts ct ON ct.id = c.contact_id
    WHERE c.id = new.case_id;
END;

CREATE TRIGGER case_fts_on_enterprise AFTER UPDATE OF name ON enterprises
BEGIN
    UPDATE case_fts SET names = (SELECT zh_tokens(new.name || ' ' || ct.name)
                                 FROM cases c JOIN contacts ct ON ct.id = c.contact_id
                                 WHERE c.id = case_fts.rowid)
    WHERE rowid IN (SELECT id FROM cases WHERE enterprise_id = new.id);
END;

CREATE TRIGGER case_fts_on_contact AFTER UPDATE OF name ON contacts
BEGIN
    UPDATE case_fts SET names = (SELECT zh_tokens(e.name || ' ' || new.name)
                                 FROM cases c JOIN enterprises e ON e.id = c.enterprise_id
                                 WHERE c.id = case_fts.rowid)
    WHERE rowid IN (SELECT id FROM cases WHERE contact_id = new.id);
END;

CREATE TABLE case_import_keys (
    key         TEXT PRIMARY KEY,    -- 'reg:<登记编号>' or 'row:<sha256 of the mapped cells>'
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    source      TEXT NOT NULL,       -- file name the row came from
    row_number  INTEGER NOT NULL,    -- 1-based row in that file
    imported_at TEXT NOT NULL
) STRICT;
CREATE INDEX case_import_keys_case ON case_import_keys (case_id);

CREATE TRIGGER no_delete_case_import_keys BEFORE DELETE ON case_import_keys
BEGIN SELECT RAISE(ABORT, '导入记录不可删除'); END;
