//! The SQL dialects tuphap speaks. Everything that differs between SQLite and PostgreSQL is here;
//! domain crates write portable SQL (`$1` binds, `RETURNING`, `ON CONFLICT … DO UPDATE`) and take
//! DDL from their per-dialect migration files.

/// SQLite (embedded default) or PostgreSQL (production).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    pub fn from_url(url: &str) -> Option<Dialect> {
        if url.starts_with("sqlite:") {
            Some(Dialect::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Dialect::Postgres)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
        }
    }

    /// DDL written for SQLite, in this dialect: a generated id is `INTEGER PRIMARY KEY AUTOINCREMENT`
    /// in SQLite and `BIGSERIAL PRIMARY KEY` in PostgreSQL, bytes are `BLOB` and `BYTEA`; everything else
    /// in our migrations is common.
    pub fn ddl(self, sql: &str) -> String {
        match self {
            Dialect::Sqlite => sql.to_string(),
            Dialect::Postgres => {
                sql.replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY").replace(" BLOB ", " BYTEA ")
            }
        }
    }

    /// After rows were inserted with explicit ids: the statement that moves PostgreSQL's id sequence of
    /// `table` past them (None for SQLite, whose AUTOINCREMENT already follows the largest id).
    /// `table` must be a constant name, never input.
    pub fn sequence_reset(self, table: &str) -> Option<String> {
        match self {
            Dialect::Sqlite => None,
            Dialect::Postgres => Some(format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )),
        }
    }

    /// Most bind parameters one statement should carry. PostgreSQL allows 65,535. SQLite allows
    /// 32,766, but sqlx finds each `$n` of a statement by name, so binding costs grow with the square
    /// of their number: a 1,000-row restore batch of 18 columns spent 80% of its time there. Batches
    /// of about a thousand values keep that cost small and statements still few.
    pub fn max_binds(self) -> usize {
        match self {
            Dialect::Sqlite => 999,
            Dialect::Postgres => 60_000,
        }
    }
}

/// `($1, $2, $3), ($4, $5, $6)` for a multi-row insert of `rows` rows with `cols` columns.
/// Only numbers are formatted into the SQL; values are bound.
pub fn values_placeholders(rows: usize, cols: usize) -> String {
    let mut s = String::with_capacity(rows * cols * 5);
    for r in 0..rows {
        if r > 0 {
            s.push_str(", ");
        }
        s.push('(');
        for c in 0..cols {
            if c > 0 {
                s.push_str(", ");
            }
            s.push('$');
            s.push_str(&(r * cols + c + 1).to_string());
        }
        s.push(')');
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn ddl_per_dialect() {
        let sql = "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, x TEXT)";
        assert_eq!(super::Dialect::Sqlite.ddl(sql), sql);
        assert_eq!(super::Dialect::Postgres.ddl(sql), "CREATE TABLE t (id BIGSERIAL PRIMARY KEY, x TEXT)");
    }

    #[test]
    fn placeholders() {
        assert_eq!(super::values_placeholders(2, 2), "($1, $2), ($3, $4)");
    }
}
