//! The sample content shipped with tuphap (`samples/` in the repository, embedded in the binary): a
//! law, a law amending it, and a draft circular with planted mistakes. Written for the project; the
//! numbers 998 and 999 are deliberately not real. Loaded on the first start of `tuphap serve` with an
//! empty library, and by nothing else.

use crate::adapters::Format;
use crate::import::ImportSummary;
use crate::{Library, LibraryError};
use std::path::Path;
use store::audit::Actor;

/// (file name, text) of each sample.
pub const SAMPLES: &[(&str, &str)] = &[
    ("luat-999-2026-qh15-hoa-giai-mau.txt", include_str!("../../../samples/luat-999-2026-qh15-hoa-giai-mau.txt")),
    ("luat-998-2026-qh15-sua-doi-mau.txt", include_str!("../../../samples/luat-998-2026-qh15-sua-doi-mau.txt")),
    ("du-thao-thong-tu-mau.txt", include_str!("../../../samples/du-thao-thong-tu-mau.txt")),
];

impl Library {
    /// Load the samples if the library holds no document yet. Returns `None` when it was not empty.
    pub async fn load_samples_if_empty(&self, actor: &Actor) -> Result<Option<ImportSummary>, LibraryError> {
        if self.counts().await?.works > 0 {
            return Ok(None);
        }
        let mut summary = ImportSummary::default();
        for (name, text) in SAMPLES {
            self.import_bytes(
                Path::new(&format!("samples/{name}")),
                Format::Text,
                text.as_bytes(),
                actor,
                &mut summary,
            )
            .await?;
            summary.files_ok += 1;
        }
        Ok(Some(summary))
    }
}
