//! Đối soát — a bank statement (CSV) matched against the office's cash movements.
//!
//! The statement is parsed ([`parse_statement`], PURE) with the columns named in its header, in
//! Vietnamese or English: `ngày|date`, `số tiền|amount` (signed) or `ghi có|credit` and `ghi nợ|debit`,
//! `số tham chiếu|reference`, `nội dung|description`. Dates `dd/mm/yyyy` or ISO; amounts in whole đồng
//! with `.`, `,` or spaces as thousands separators. A bad line is an error naming the line and column.
//!
//! Matching ([`match_lines`], PURE): first the same reference and amount; then the same amount within
//! [`DATE_SLACK`] days, the closest date first, ties to the earlier transaction. What is left on either
//! side is listed as a difference.

use lex::Date;
use serde::Serialize;

use crate::case::lock;
use crate::{Enforcement, EnforcementError, Result};
use platform::policy::{Action, Principal, UnitId};

/// Largest statement accepted.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// Most lines in one statement.
pub const MAX_LINES: usize = 100_000;
/// A bank may book a movement up to this many days after the office did.
pub const DATE_SLACK: i64 = 3;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatementLine {
    /// The line of the file (1 = header).
    pub line: usize,
    pub on: Date,
    /// Money in > 0, money out < 0.
    pub amount: i64,
    pub reference: String,
    pub description: String,
}

/// A cash movement of the ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CashMovement {
    pub txn: i64,
    pub on: Date,
    pub amount: i64,
    pub reference: String,
    pub kind: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Reconciliation {
    pub statement_id: Option<i64>,
    pub first: Option<Date>,
    pub last: Option<Date>,
    pub matched: Vec<(StatementLine, CashMovement)>,
    /// On the statement, not in the ledger.
    pub only_in_statement: Vec<StatementLine>,
    /// In the ledger (within the statement's dates), not on the statement.
    pub only_in_ledger: Vec<CashMovement>,
    pub statement_net: i64,
    pub ledger_net: i64,
}

impl Reconciliation {
    pub fn agrees(&self) -> bool {
        self.only_in_statement.is_empty() && self.only_in_ledger.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatementError {
    #[error("{name}: dòng {line}, cột “{column}”: {why}")]
    Field { name: String, line: usize, column: String, why: String },
    #[error("{name}: {why}")]
    File { name: String, why: String },
}

/// Parse a CSV statement. `name` names the file in errors.
pub fn parse_statement(name: &str, bytes: &[u8]) -> Result<Vec<StatementLine>, StatementError> {
    let file = |why: String| StatementError::File { name: name.to_string(), why };
    if bytes.len() > MAX_BYTES {
        return Err(file(format!("larger than {MAX_BYTES} bytes")));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| file(format!("not UTF-8 ({e})")))?;
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines().enumerate();
    let Some((_, header)) = lines.next() else { return Err(file("empty".into())) };
    let delim = if header.matches(';').count() > header.matches(',').count() { ';' } else { ',' };
    let cols: Vec<String> = split_csv(header, delim).into_iter().map(|c| lex::normalize::fold_key(c.trim())).collect();
    let find = |names: &[&str]| cols.iter().position(|c| names.iter().any(|n| c == &lex::normalize::fold_key(n)));
    let date_col =
        find(&["ngày", "ngay", "date", "ngày giao dịch"]).ok_or_else(|| file("no date column (ngày / date)".into()))?;
    let amount_col = find(&["số tiền", "amount"]);
    let credit_col = find(&["ghi có", "credit", "tiền vào"]);
    let debit_col = find(&["ghi nợ", "debit", "tiền ra"]);
    if amount_col.is_none() && credit_col.is_none() && debit_col.is_none() {
        return Err(file("no amount column (số tiền / amount, or ghi có / ghi nợ)".into()));
    }
    let reference_col = find(&["số tham chiếu", "tham chiếu", "reference", "ref"]);
    let description_col = find(&["nội dung", "diễn giải", "description"]);
    let mut out = vec![];
    for (i, raw) in lines {
        let line = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        if out.len() >= MAX_LINES {
            return Err(file(format!("more than {MAX_LINES} lines")));
        }
        let fields = split_csv(raw, delim);
        let field = |c: Option<usize>| c.and_then(|c| fields.get(c)).map(|s| s.trim()).unwrap_or("");
        let bad = |col: usize, why: &str| StatementError::Field {
            name: name.to_string(),
            line,
            column: header_name(header, delim, col),
            why: why.to_string(),
        };
        let on = parse_date(field(Some(date_col))).ok_or_else(|| bad(date_col, "not a date (dd/mm/yyyy)"))?;
        let mut amount = 0i64;
        if let Some(c) = amount_col {
            amount = super::parse_dong(field(Some(c))).ok_or_else(|| bad(c, "not an amount in đồng"))?;
        } else {
            if let Some(c) = credit_col.filter(|c| !field(Some(*c)).is_empty()) {
                amount += super::parse_dong(field(Some(c))).ok_or_else(|| bad(c, "not an amount in đồng"))?;
            }
            if let Some(c) = debit_col.filter(|c| !field(Some(*c)).is_empty()) {
                amount -= super::parse_dong(field(Some(c))).ok_or_else(|| bad(c, "not an amount in đồng"))?.abs();
            }
        }
        out.push(StatementLine {
            line,
            on,
            amount,
            reference: field(reference_col).chars().take(200).collect(),
            description: field(description_col).chars().take(500).collect(),
        });
    }
    Ok(out)
}

fn header_name(header: &str, delim: char, col: usize) -> String {
    split_csv(header, delim).get(col).map(|s| s.trim().to_string()).unwrap_or_default()
}

/// Split one CSV line (quotes `"` may wrap a field; `""` inside is a quote).
fn split_csv(line: &str, delim: char) -> Vec<String> {
    let mut out = vec![];
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == delim && !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn parse_date(s: &str) -> Option<Date> {
    if let Some(d) = Date::parse_iso(s) {
        return Some(d);
    }
    Date::parse_dmy(s.trim())
}

/// Match statement lines against cash movements.
pub fn match_lines(statement: &[StatementLine], ledger: &[CashMovement]) -> Reconciliation {
    let first = statement.iter().map(|l| l.on).min();
    let last = statement.iter().map(|l| l.on).max();
    let mut used = vec![false; ledger.len()];
    let mut matched = vec![];
    let mut unmatched = vec![];
    let mut pending: Vec<&StatementLine> = vec![];
    for l in statement {
        let hit = (!l.reference.is_empty())
            .then(|| {
                ledger
                    .iter()
                    .enumerate()
                    .position(|(i, m)| !used[i] && m.amount == l.amount && m.reference == l.reference)
            })
            .flatten();
        match hit {
            Some(i) => {
                used[i] = true;
                matched.push((l.clone(), ledger[i].clone()));
            }
            None => pending.push(l),
        }
    }
    for l in pending {
        let best = ledger
            .iter()
            .enumerate()
            .filter(|(i, m)| !used[*i] && m.amount == l.amount && (days(m.on, l.on)).abs() <= DATE_SLACK)
            .min_by_key(|(_, m)| (days(m.on, l.on).abs(), m.txn))
            .map(|(i, _)| i);
        match best {
            Some(i) => {
                used[i] = true;
                matched.push((l.clone(), ledger[i].clone()));
            }
            None => unmatched.push(l.clone()),
        }
    }
    let in_range = |m: &CashMovement| match (first, last) {
        (Some(f), Some(l)) => m.on >= f && m.on <= l,
        _ => false,
    };
    let only_in_ledger: Vec<CashMovement> =
        ledger.iter().enumerate().filter(|(i, m)| !used[*i] && in_range(m)).map(|(_, m)| m.clone()).collect();
    matched.sort_by_key(|(l, _)| l.line);
    Reconciliation {
        statement_id: None,
        first,
        last,
        statement_net: statement.iter().map(|l| l.amount).sum(),
        ledger_net: matched.iter().map(|(_, m)| m.amount).sum::<i64>()
            + only_in_ledger.iter().map(|m| m.amount).sum::<i64>(),
        matched,
        only_in_statement: unmatched,
        only_in_ledger,
    }
}

fn days(a: Date, b: Date) -> i64 {
    a.to_days() - b.to_days()
}

impl Enforcement {
    /// Import a bank statement of an office and reconcile it against the ledger (importing the same
    /// file twice stores it once).
    pub async fn reconcile(&self, p: &Principal, unit_code: &str, name: &str, bytes: &[u8]) -> Result<Reconciliation> {
        let unit = self.platform().unit_by_code(unit_code).await?;
        self.authorize_unit(p, Action::WriteFunds, unit.id).await?;
        let name: String = name.chars().take(200).collect();
        let lines = parse_statement(&name, bytes).map_err(|e| EnforcementError::Invalid(e.to_string()))?;
        let (Some(first), Some(last)) = (lines.iter().map(|l| l.on).min(), lines.iter().map(|l| l.on).max()) else {
            return Err(EnforcementError::Invalid(format!("{name}: no movements")));
        };
        let sha = store::audit::sha256_hex(bytes);
        let movements = self.cash_movements(unit.id, first, last).await?;
        let mut tx = self.db().pool().begin().await?;
        lock(&mut tx).await?;
        let existing: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM enf_statements WHERE unit_id = $1 AND sha256 = $2")
                .bind(unit.id)
                .bind(&sha)
                .fetch_optional(&mut *tx)
                .await?;
        let id = match existing {
            Some((id,)) => id,
            None => {
                let (id,): (i64,) = sqlx::query_as("INSERT INTO enf_statements (unit_id, name, sha256, first_date, last_date, lines, actor, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
                    .bind(unit.id)
                    .bind(&name)
                    .bind(&sha)
                    .bind(first.to_string())
                    .bind(last.to_string())
                    .bind(lines.len() as i64)
                    .bind(&p.actor().0)
                    .bind(self.now())
                    .fetch_one(&mut *tx)
                    .await?;
                for l in &lines {
                    sqlx::query("INSERT INTO enf_statement_lines (statement_id, line_no, on_date, amount, reference, description) VALUES ($1, $2, $3, $4, $5, $6)")
                        .bind(id)
                        .bind(l.line as i64)
                        .bind(l.on.to_string())
                        .bind(l.amount)
                        .bind(&l.reference)
                        .bind(&l.description)
                        .execute(&mut *tx)
                        .await?;
                }
                platform::audit::record(
                    &mut tx,
                    &p.actor(),
                    "enforcement.funds.statement",
                    &format!("unit:{}", unit.id),
                    None::<&()>,
                    Some(&(&name, &sha)),
                )
                .await?;
                id
            }
        };
        tx.commit().await?;
        let mut r = match_lines(&lines, &movements);
        r.statement_id = Some(id);
        Ok(r)
    }

    /// Cash movements of an office from `first − slack` to `last + slack`.
    async fn cash_movements(&self, unit: UnitId, first: Date, last: Date) -> Result<Vec<CashMovement>> {
        let from = Date::from_days(first.to_days() - DATE_SLACK);
        let to = Date::from_days(last.to_days() + DATE_SLACK);
        let rows: Vec<(i64, String, i64, Option<String>, String)> = sqlx::query_as(
            "SELECT t.id, t.on_date, e.amount, t.reference, t.kind FROM enf_ledger_txns t JOIN enf_ledger_entries e ON e.txn_id = t.id AND e.account = 'cash' WHERE t.unit_id = $1 AND t.on_date >= $2 AND t.on_date <= $3 ORDER BY t.id",
        )
        .bind(unit)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(self.db().pool())
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(txn, on, amount, reference, kind)| {
                Some(CashMovement {
                    txn,
                    on: Date::parse_iso(&on)?,
                    amount,
                    reference: reference.unwrap_or_default(),
                    kind,
                })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn vietnamese_headers_with_credit_and_debit_columns() {
        let csv = "Ngày;Số tham chiếu;Nội dung;Ghi có;Ghi nợ\n02/03/2026;FT001;Nộp tiền THA;1.500.000;\n03/03/2026;FT002;Chi trả;;200.000\n";
        let l = parse_statement("sao-ke.csv", csv.as_bytes()).unwrap();
        assert_eq!(l.len(), 2);
        assert_eq!((l[0].amount, l[0].reference.as_str(), l[0].line), (1_500_000, "FT001", 2));
        assert_eq!(l[1].amount, -200_000);
        assert_eq!(l[1].on, Date { year: 2026, month: 3, day: 3 });
    }

    #[test]
    fn a_bad_line_names_the_file_line_and_column() {
        let csv = "date,amount,reference\n2026-03-02,100,A\n2026-03-02,1O0,B\n";
        let e = parse_statement("bank.csv", csv.as_bytes()).unwrap_err();
        assert_eq!(e.to_string(), "bank.csv: dòng 3, cột “amount”: not an amount in đồng");
        assert!(parse_statement("x.csv", b"foo,bar\n").unwrap_err().to_string().contains("no date column"));
    }

    #[test]
    fn references_first_then_amount_and_nearest_date() {
        let d = |s: &str| Date::parse_iso(s).unwrap();
        let st = vec![
            StatementLine {
                line: 2,
                on: d("2026-03-02"),
                amount: 100,
                reference: "R1".into(),
                description: String::new(),
            },
            StatementLine {
                line: 3,
                on: d("2026-03-05"),
                amount: 100,
                reference: String::new(),
                description: String::new(),
            },
            StatementLine {
                line: 4,
                on: d("2026-03-05"),
                amount: 999,
                reference: String::new(),
                description: String::new(),
            },
        ];
        let led = vec![
            CashMovement { txn: 1, on: d("2026-03-04"), amount: 100, reference: String::new(), kind: "receipt".into() },
            CashMovement { txn: 2, on: d("2026-03-01"), amount: 100, reference: "R1".into(), kind: "receipt".into() },
            CashMovement { txn: 3, on: d("2026-03-03"), amount: -50, reference: String::new(), kind: "payout".into() },
        ];
        let r = match_lines(&st, &led);
        assert_eq!(r.matched.iter().map(|(l, m)| (l.line, m.txn)).collect::<Vec<_>>(), vec![(2, 2), (3, 1)]);
        assert_eq!(r.only_in_statement.len(), 1);
        assert_eq!(r.only_in_ledger.iter().map(|m| m.txn).collect::<Vec<_>>(), vec![3]);
        assert!(!r.agrees());
    }

    proptest! {
        #[test]
        fn parsing_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
            let _ = parse_statement("fuzz.csv", &bytes);
        }

        #[test]
        fn every_line_is_matched_or_listed(amounts in prop::collection::vec(-5i64..5, 0..30), shift in 0i64..5) {
            let base = Date { year: 2026, month: 3, day: 10 };
            let st: Vec<StatementLine> = amounts.iter().enumerate().map(|(i, a)| StatementLine { line: i + 2, on: base, amount: *a, reference: String::new(), description: String::new() }).collect();
            let led: Vec<CashMovement> = amounts.iter().enumerate().map(|(i, a)| CashMovement { txn: i as i64, on: Date::from_days(base.to_days() - shift), amount: *a, reference: String::new(), kind: "receipt".into() }).collect();
            let r = match_lines(&st, &led);
            prop_assert_eq!(r.matched.len() + r.only_in_statement.len(), st.len());
            if shift <= DATE_SLACK { prop_assert!(r.only_in_statement.is_empty()); }
        }
    }
}
