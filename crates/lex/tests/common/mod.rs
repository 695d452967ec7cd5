//! Helpers shared by lex's real-data tests. (lex sits below `store`, whose `scratch::shared_data`
//! the other crates use; this is the same lookup.)
#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/data/<rel>`, or `None` (printing why) when the shared data is absent.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data").join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("SKIP: {} is absent (real-data test needs ../shared/data)", p.display());
        None
    }
}

/// The text of `../shared/data/<rel>`, or `None` (printing why).
pub fn read(rel: &str) -> Option<String> {
    let p = shared(rel)?;
    Some(std::fs::read_to_string(&p).expect("shared data file reads"))
}
