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

    /// Add `n` synthetic decrees (`1/2020/NĐ-CP` … `n/2020/NĐ-CP`, in force from 01/03/2020, no text):
    /// a catalogue of national size for benchmarks and tests of the drafting review. Not audited: a
    /// benchmark fixture, never run on a real store by the commands users run.
    pub async fn add_synthetic_decrees(&self, n: usize) -> Result<(), LibraryError> {
        const COLS: usize = 10;
        let per = (self.db.dialect().max_binds() / COLS).clamp(1, 100);
        let mut tx = self.db.pool().begin().await?;
        let mut k = 1;
        while k <= n {
            let rows = per.min(n - k + 1);
            let sql = format!(
                "INSERT INTO works (work_key, number, number_key, doc_type, issued, title, effective, meta_rank, created_at, updated_at) VALUES {}",
                store::dialect::values_placeholders(rows, COLS)
            );
            let mut q = store::sqlx::query(store::sqlx::AssertSqlSafe(sql));
            for i in k..k + rows {
                q = q
                    .bind(format!("no:{i}/2020/ND-CP"))
                    .bind(format!("{i}/2020/NĐ-CP"))
                    .bind(format!("{i}/2020/ND-CP"))
                    .bind("Nghị định")
                    .bind("2020-01-01")
                    .bind(format!("Nghị định mẫu {i}"))
                    .bind("2020-03-01")
                    .bind(4_i64)
                    .bind("synthetic")
                    .bind("synthetic");
            }
            q.execute(&mut *tx).await?;
            k += rows;
        }
        store::sqlx::query("INSERT INTO work_events (work_id, kind, date, partial, source) SELECT id, 'effective', effective, 0, 'synthetic' FROM works WHERE created_at = 'synthetic'")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
