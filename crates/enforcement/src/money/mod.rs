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
