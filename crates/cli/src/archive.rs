//! Backup, restore and store-to-store copy of the whole database.
//!
//! Each domain declares its own tables; only the binary sees every domain, so the full list is
//! composed here. Before any archive is written or restored, the list is checked against the live
//! schema (`store::archive::check_declared`): a table or column a migration adds and no declaration
//! names stops the command instead of being left out of the backup.

use std::path::Path;
use store::Db;
use store::archive::{Table, TableSum};
use store::audit::Actor;

/// Every table, in dependency order: the library, the platform (units and users, which cases refer
/// to), enforcement, then the audit chain.
pub fn tables() -> Vec<Table> {
    [library::repo::TABLES, platform::TABLES, enforcement::TABLES, store::archive::STORE_TABLES].concat()
}

/// Bring `db` to the full schema of every domain, without seeding anything (a restore needs an empty
/// database). Domains are migrated in dependency order: enforcement refers to the platform's units.
pub async fn migrate(db: &Db) -> Result<(), store::StoreError> {
    store::migrate::run(db, &library::migrations()).await?;
    store::migrate::run(db, &platform::migrations()).await?;
    store::migrate::run(db, enforcement::MIGRATIONS).await?;
    Ok(())
}

/// Write a backup of the whole database to `path`.
pub async fn backup(db: &Db, path: &Path) -> Result<Vec<TableSum>, store::StoreError> {
    migrate(db).await?;
    store::archive::check_declared(db, &tables()).await?;
    store::archive::backup(db, &tables(), path).await
}

/// Restore the backup at `path` into `db`, which must be empty.
pub async fn restore(db: &Db, path: &Path) -> Result<Vec<TableSum>, store::StoreError> {
    migrate(db).await?;
    store::archive::check_declared(db, &tables()).await?;
    store::archive::restore(db, &tables(), path, &Actor::system_cli()).await
}

/// Copy the whole database `source` into the empty database `target`, verified table by table.
pub async fn copy(source: &Db, target: &Db) -> Result<Vec<TableSum>, store::StoreError> {
    let tables = tables();
    for db in [source, target] {
        migrate(db).await?;
        store::archive::check_declared(db, &tables).await?;
    }
    store::archive::copy(source, target, &tables, &Actor::system_cli()).await
}
