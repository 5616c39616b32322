-- 010: the phone search reaches a contact's cases through an index.
--
-- Digits typed in the search box (a phone number, often only its last four digits) match
-- contacts by substring. Their cases were then found by walking every case newest first
-- and reading each case's contact until 50 matched: for a number few contacts have, the
-- whole ledger (86 ms at 100 000 cases, 318 ms at 1 000 000). The contacts table is a sixth
-- the size of cases; with cases_contact the matching contacts' cases come from the index
-- (contact, received_at, and the case id SQLite keeps in every index), and only those few
-- are sorted newest first (search::PHONE_CASES, held by a plan test).
CREATE INDEX cases_contact ON cases (contact_id, received_at);
