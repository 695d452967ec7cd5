//! `lex` — the pure legal-text core of tuphap.
//!
//! No I/O, no async, no database: every function here takes text (or bytes already read) and returns
//! values. Everything above (store, library, server, cli) builds on these types.
//!
//! Map:
//! - [`normalize`]: the first thing done to any input text (NFC, Đ confusables, no-break spaces) and the
//!   matching keys that make old and new tone placement compare equal.
//! - [`date`]: a small calendar date type (ISO `YYYY-MM-DD`) and Vietnamese date phrases.
//! - [`number`]: số hiệu (document numbers) in any spelling → one canonical form and a matching key.
//! - [`model`]: the document tree (Phần … điểm, annexes) and its metadata.
//! - [`parse`]: lines of text (from .txt, .docx …) → a [`model::Document`].
//! - [`locate`]: a Vietnamese provision reference (`điểm a khoản 1 Điều 2`) → a provision id (eId).
//! - [`cite`]: citations in a text (find, resolve to eIds, annotate): the drafting review's eyes.
//! - [`status`]: a document's legal status on a date, computed from dated events.

pub mod amend;
pub mod cite;
pub mod date;
pub mod diff;
pub mod locate;
pub mod model;
pub mod normalize;
pub mod number;
pub mod parse;
pub mod status;

pub use date::Date;
pub use model::{Document, Kind, Metadata, Node};
