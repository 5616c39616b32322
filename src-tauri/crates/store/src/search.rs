//! Full-text search over the ledger that works for Chinese: case texts, enterprise and
//! contact names, progress notes and urges through an FTS5 index of character unigrams and
//! bigrams (so two-character words like 用电 match), plus 登记编号, 交办编号/函号 and phone
//! numbers by substring; a bare number is a 登记编号 sequence, the latest year first. Guarantees: every hit really contains every query term in its
//! original text (the index only proposes candidates), and each hit carries highlighted
//! snippets cut from the original text, never from the tokenised index.

use rusqlite::functions::FunctionFlags;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhitong_domain::CaseRow;

use crate::query::{row_from, ROW_SELECT};
use crate::{Ledger, Result};

/// Characters either side of the first hit in a snippet.
const SNIPPET_CONTEXT: usize = 24;

/// A Han (CJK ideograph) character: indexed as unigram and bigram.
fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

#[derive(PartialEq, Clone, Copy)]
enum Class {
    Han,
    Word,
    Gap,
}

fn class(c: char) -> Class {
    if is_han(c) {
        Class::Han
    } else if c.is_alphanumeric() {
        Class::Word
    } else {
        Class::Gap
    }
}

/// Splits `text` into runs of Han characters and of other letters/digits.
fn runs(text: &str) -> Vec<(Class, Vec<char>)> {
    let mut out: Vec<(Class, Vec<char>)> = Vec::new();
    for c in text.chars() {
        let k = class(c);
        if k == Class::Gap {
            out.push((Class::Gap, Vec::new()));
            continue;
        }
        let c = c.to_lowercase().next().unwrap_or(c);
        match out.last_mut() {
            Some((last, run)) if *last == k => run.push(c),
            _ => out.push((k, vec![c])),
        }
    }
    out.retain(|(k, r)| *k != Class::Gap && !r.is_empty());
    out
}

/// The indexed form of a text: each Han character and each adjacent pair of Han
/// characters, and each other word lower-cased, separated by spaces.
/// `tokens("企业用电")` = `"企 企业 业 业用 用 用电 电"`.
pub fn tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    let mut push = |s: &str| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(s);
    };
    for (k, run) in runs(text) {
        match k {
            Class::Han => {
                for (i, c) in run.iter().enumerate() {
                    push(&c.to_string());
                    if let Some(n) = run.get(i + 1) {
                        push(&format!("{c}{n}"));
                    }
                }
            }
            _ => push(&run.iter().collect::<String>()),
        }
    }
    out
}

/// The FTS5 query for one search text: every term must match. A Han run of one
/// character is its unigram, longer runs are all their bigrams; other words match as
/// prefixes. `None` when the text has nothing searchable.
pub fn fts_query(text: &str) -> Option<String> {
    let mut parts = Vec::new();
    for (k, run) in runs(text) {
        match k {
            Class::Han if run.len() == 1 => parts.push(format!("\"{}\"", run[0])),
            Class::Han => {
                for w in run.windows(2) {
                    parts.push(format!("\"{}{}\"", w[0], w[1]));
                }
            }
            _ => parts.push(format!("\"{}\"*", run.iter().collect::<String>())),
        }
    }
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

/// Registers `zh_tokens()` on a connection (the triggers of migration 002 keep the index
/// with every write through it). Called by `Ledger::setup`.
pub(crate) fn attach(conn: &Connection) -> Result<()> {
    conn.create_scalar_function(
        "zh_tokens",
        1,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            let s: Option<String> = ctx.get(0)?;
            Ok(tokens(s.as_deref().unwrap_or("")))
        },
    )?;
    Ok(())
}

/// Indexes the cases the index does not have yet: those of a ledger created before
/// migration 002. It reads every case, so `Ledger::setup` runs it only after a migration,
/// not on every open (the triggers keep the index from then on).
pub(crate) fn backfill(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT INTO case_fts (rowid, body, names, notes)
         SELECT c.id,
            zh_tokens(c.summary || ' ' || c.description || ' ' || c.screening_opinion || ' ' ||
                      c.reply_text || ' ' || c.outcome_reason || ' ' || c.eval_comment || ' ' ||
                      c.reject_detail),
            zh_tokens(e.name || ' ' || ct.name),
            zh_tokens(COALESCE((SELECT group_concat(ev.summary, ' ') FROM events ev
                WHERE ev.case_id = c.id AND ev.action IN ('progress', 'urge', 'import')), ''))
         FROM cases c JOIN enterprises e ON e.id = c.enterprise_id
         JOIN contacts ct ON ct.id = c.contact_id
         WHERE NOT EXISTS (SELECT 1 FROM case_fts f WHERE f.rowid = c.id)",
        [],
    )?;
    Ok(())
}

/// A piece of a snippet; `hit` pieces are what the query matched (shown highlighted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Fragment {
    pub text: String,
    pub hit: bool,
}

/// Where in a case the query matched, with a snippet of the original text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MatchedField {
    /// 问题摘要, 问题描述, 企业, 联系人, 办理过程, 答复内容, 登记编号, 交办编号, 电话…
    pub field: String,
    pub snippet: Vec<Fragment>,
}

impl MatchedField {
    /// The snippet with hits in 【】, for terminals and logs.
    pub fn marked(&self) -> String {
        self.snippet
            .iter()
            .map(|f| {
                if f.hit {
                    format!("【{}】", f.text)
                } else {
                    f.text.clone()
                }
            })
            .collect()
    }
}

/// One case found by [`Ledger::search`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SearchHit {
    pub row: CaseRow,
    pub matched: Vec<MatchedField>,
}

/// The search terms: whitespace-separated parts of the query, lower-cased.
fn terms(query: &str) -> Vec<Vec<char>> {
    query
        .split_whitespace()
        .map(|t| t.chars().flat_map(char::to_lowercase).collect::<Vec<_>>())
        .filter(|t: &Vec<char>| !t.is_empty())
        .collect()
}

/// Char ranges of every occurrence of any term in `text` (case-insensitive).
fn occurrences(text: &[char], terms: &[Vec<char>]) -> Vec<(usize, usize)> {
    let lower: Vec<char> = text
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lower.len() {
        let found = terms
            .iter()
            .filter(|t| lower[i..].starts_with(t))
            .map(Vec::len)
            .max();
        match found {
            Some(n) => {
                out.push((i, i + n));
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

/// A snippet around the first hit of `terms` in `text`, or `None` when none occurs.
pub fn snippet(text: &str, query: &str) -> Option<Vec<Fragment>> {
    let chars: Vec<char> = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let hits = occurrences(&chars, &terms(query));
    let (first, _) = *hits.first()?;
    let start = first.saturating_sub(SNIPPET_CONTEXT);
    let end = (first + SNIPPET_CONTEXT * 2)
        .min(chars.len())
        .max(hits[0].1);
    let mut out = Vec::new();
    let mut push = |s: String, hit: bool| {
        if !s.is_empty() {
            out.push(Fragment { text: s, hit });
        }
    };
    let mut pos = start;
    let mut lead = if start > 0 {
        "…".to_string()
    } else {
        String::new()
    };
    for &(a, b) in hits.iter().filter(|(a, _)| *a >= start && *a < end) {
        let b = b.min(end.max(b));
        lead.extend(&chars[pos..a]);
        push(std::mem::take(&mut lead), false);
        push(chars[a..b].iter().collect(), true);
        pos = b;
    }
    let mut tail: String = chars[pos.min(end)..end].iter().collect();
    if end < chars.len() {
        tail.push('…');
    }
    push(tail, false);
    Some(out)
}

/// The sequence number a clerk types for a 登记编号: digits alone, or 第…号 around them
/// (full-width digits too); at most nine digits, so a phone number is never one.
pub fn bare_number(text: &str) -> Option<i64> {
    let t = text.trim();
    let t = t.strip_prefix('第').unwrap_or(t);
    let t = t.strip_suffix('号').unwrap_or(t).trim();
    let ascii: String = t
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            c => c,
        })
        .collect();
    if ascii.is_empty() || ascii.len() > 9 || !ascii.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    ascii.parse().ok().filter(|n| *n > 0)
}

/// Up to this many full-text matches are ranked by relevance (bm25); more are listed
/// newest first.
const RANKED_AT_MOST: i64 = 1000;

/// The cases of the contacts whose phone, without separators, contains `?1` (a LIKE
/// pattern), newest first, at most `?2`: the contacts first (a sixth of the cases), then
/// their cases from cases_contact (migration 010), never a walk of the whole ledger.
pub(crate) const PHONE_CASES: &str = "SELECT c.id FROM cases c INDEXED BY cases_contact
     WHERE c.contact_id IN (SELECT id FROM contacts
         WHERE REPLACE(REPLACE(REPLACE(phone, '-', ''), ' ', ''), '转', '') LIKE ?1)
     ORDER BY c.received_at DESC LIMIT ?2";

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

impl Ledger {
    /// Cases matching `query`, best first, at most `limit` (0 = 50). Matches 登记编号,
    /// 交办编号/函号 and phone numbers by substring first, then texts through the index;
    /// every term of the query (split on spaces) must occur in the case.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let limit = if limit == 0 { 50 } else { limit };
        let q = query.trim();
        if q.is_empty() {
            return Ok(Vec::new());
        }
        // A bare number is a 登记编号 sequence: that number of the latest year first.
        let numbered = self.cases_numbered(q)?;
        let mut ids: Vec<i64> = numbered.iter().copied().take(limit).collect();
        let like = format!("%{}%", q.replace(['%', '_'], ""));
        // Numbers (登记编号, 交办编号, 函号) only for text with a digit: every 登记编号
        // contains 企业困难问题, which is not a match for the word 企业.
        if q.chars().any(|c| c.is_ascii_digit()) {
            let mut stmt = self.conn().prepare(
                "SELECT id FROM cases WHERE reg_no LIKE ?1
                 UNION SELECT case_id FROM assignments WHERE assign_no LIKE ?1 OR letter_no LIKE ?1
                 LIMIT ?2",
            )?;
            let found = stmt.query_map(params![like, limit as i64], |r| r.get::<_, i64>(0))?;
            for id in found {
                let id = id?;
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        let d = digits(q);
        if d.len() >= 4 && d.len() * 2 >= q.chars().filter(|c| !c.is_whitespace()).count() {
            let mut stmt = self.conn().prepare(PHONE_CASES)?;
            let found = stmt.query_map(params![format!("%{d}%"), limit as i64], |r| {
                r.get::<_, i64>(0)
            })?;
            for id in found {
                let id = id?;
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        let mut fts_ids = Vec::new();
        if let Some(m) = fts_query(q) {
            // Ranking reads every match; a word in most cases (企业) is answered newest
            // first instead, which the index gives in order.
            let matches: i64 = self.conn().query_row(
                "SELECT count(*) FROM (SELECT rowid FROM case_fts WHERE case_fts MATCH ?1
                 LIMIT ?2)",
                params![m, RANKED_AT_MOST + 1],
                |r| r.get(0),
            )?;
            let order = if matches <= RANKED_AT_MOST {
                "bm25(case_fts, 1.0, 2.0, 0.8)"
            } else {
                "rowid DESC"
            };
            let mut stmt = self.conn().prepare(&format!(
                "SELECT rowid FROM case_fts WHERE case_fts MATCH ?1 ORDER BY {order} LIMIT ?2"
            ))?;
            let found = stmt.query_map(params![m, (limit * 4) as i64], |r| r.get::<_, i64>(0))?;
            for id in found {
                fts_ids.push(id?);
            }
        }
        let mut hits = Vec::new();
        for (id, by_text) in ids
            .iter()
            .map(|id| (*id, false))
            .chain(fts_ids.iter().map(|id| (*id, true)))
        {
            if hits.len() >= limit {
                break;
            }
            if hits.iter().any(|h: &SearchHit| h.row.id == id) {
                continue;
            }
            let fields = self.searchable_fields(id)?;
            let mut matched: Vec<MatchedField> = fields
                .iter()
                .filter_map(|(field, text)| {
                    let snippet = if *field == "电话" && d.len() >= 4 {
                        digits(text).contains(&d).then(|| {
                            vec![Fragment {
                                text: text.clone(),
                                hit: true,
                            }]
                        })
                    } else {
                        snippet(text, q)
                    };
                    snippet.map(|snippet| MatchedField {
                        field: field.to_string(),
                        snippet,
                    })
                })
                .collect();
            if by_text {
                // The index proposes; keep the case only if every term really occurs.
                let all = fields
                    .iter()
                    .map(|(_, t)| t.to_lowercase())
                    .collect::<Vec<_>>()
                    .join("\n");
                let every = terms(q)
                    .iter()
                    .all(|t| all.contains(&t.iter().collect::<String>()));
                if !every {
                    continue;
                }
            }
            if matched.is_empty() && numbered.contains(&id) {
                // Typed as 第３０８号 or ３０８: the number itself is the match.
                let reg_no = fields.iter().find(|(f, _)| *f == "登记编号");
                matched.extend(reg_no.map(|(field, text)| MatchedField {
                    field: field.to_string(),
                    snippet: vec![Fragment {
                        text: text.clone(),
                        hit: true,
                    }],
                }));
            }
            if matched.is_empty() && !by_text {
                continue;
            }
            matched.dedup_by(|a, b| a.field == b.field);
            let row = self.conn().query_row(
                &format!("{ROW_SELECT} WHERE c.id = ?1"),
                [id],
                row_from,
            )??;
            hits.push(SearchHit { row, matched });
        }
        Ok(hits)
    }

    /// Cases whose 登记编号 has the sequence number `text` ("308", "第308号"), the latest
    /// year first; empty when `text` is not a bare number.
    pub fn cases_numbered(&self, text: &str) -> Result<Vec<i64>> {
        let Some(seq) = bare_number(text) else {
            return Ok(Vec::new());
        };
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id FROM cases WHERE reg_seq = ?1 ORDER BY reg_year DESC")?;
        let ids = stmt
            .query_map([seq], |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ids)
    }

    /// The original texts of a case that search looks at, labelled for the snippet.
    fn searchable_fields(&self, id: i64) -> Result<Vec<(&'static str, String)>> {
        let (reg_no, summary, description, opinion, reply, reason, comment, enterprise, contact, phone): (
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
        ) = self.conn().query_row(
            "SELECT c.reg_no, c.summary, c.description, c.screening_opinion,
                    c.reply_text || CASE WHEN c.reject_detail <> '' THEN ' ' || c.reject_detail ELSE '' END,
                    c.outcome_reason, c.eval_comment, e.name, ct.name, ct.phone
             FROM cases c JOIN enterprises e ON e.id = c.enterprise_id
             JOIN contacts ct ON ct.id = c.contact_id WHERE c.id = ?1",
            [id],
            |r| r.try_into(),
        )?;
        let notes: String = self.conn().query_row(
            "SELECT COALESCE(group_concat(summary, '；'), '') FROM
               (SELECT summary FROM events WHERE case_id = ?1
                AND action IN ('progress', 'urge', 'import') ORDER BY id)",
            [id],
            |r| r.get(0),
        )?;
        let numbers: String = self.conn().query_row(
            "SELECT COALESCE(group_concat(assign_no || COALESCE(' ' || letter_no, ''), ' '), '')
             FROM assignments WHERE case_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        Ok(vec![
            ("登记编号", reg_no),
            ("交办编号", numbers),
            ("企业", enterprise),
            ("联系人", contact),
            ("电话", phone),
            ("问题摘要", summary),
            ("问题描述", description),
            ("甄别意见", opinion),
            ("办理过程", notes),
            ("答复内容", reply),
            ("办理结果说明", reason),
            ("评价意见", comment),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::plan;

    #[test]
    fn the_phone_search_reads_the_matching_contacts_cases_from_their_index() {
        let l = Ledger::open_in_memory().unwrap();
        let p = plan(
            &l.conn,
            PHONE_CASES,
            &[&"%1380%" as &dyn rusqlite::ToSql, &50],
        );
        assert!(
            p.iter()
                .any(|d| d.contains("USING COVERING INDEX cases_contact (contact_id=?)")),
            "a matching contact's cases come from cases_contact alone (migration 010), not \
             from a walk of every case newest first: {p:#?}"
        );
        assert!(
            !p.iter().any(|d| d == "SCAN c" || d.starts_with("SCAN c ")),
            "the cases table is never walked: {p:#?}"
        );
    }
}
