//! Tiền thi hành án — the money of enforcement.
//!
//! - [`distribute`] (PURE): who is paid what from money collected, in the statute's order.
//! - [`fee`] (PURE): the enforcement fee and who bears each coercion cost.
//! - [`ledger`]: the funds ledger. Double entry; rows are never updated or deleted (a correction is a
//!   reversing transaction); receipts carry an idempotency key; balances per case and per office.
//! - [`reconcile`]: a bank statement (CSV) matched against the office's cash movements.
//!
//! **Invariants** (checked by [`ledger::BooksCheck`] and the property tests in `tests/money.rs`):
//! every transaction's entries sum to zero; the running balances equal the sums of the entries; per office,
//! `cash = held + payable` (money in the bank equals money owed to someone); no account has the wrong sign
//! (no negative cash, no money paid that was not held); a case's `paid_money` equals what distributions
//! gave its obligations.

pub mod distribute;
pub mod fee;
pub mod ledger;
pub mod reconcile;

/// An amount as people write it: whole đồng, optionally signed, with `.`, `,` or spaces as thousands
/// separators (`1.500.000`, `-200,000`). None for anything else, or beyond 15 digits.
pub fn parse_dong(s: &str) -> Option<i64> {
    let s = s.trim();
    let (neg, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let digits: String = digits.chars().filter(|c| !matches!(c, '.' | ',' | ' ' | '\u{a0}')).collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || digits.len() > 15 {
        return None;
    }
    let v: i64 = digits.parse().ok()?;
    Some(if neg { -v } else { v })
}
