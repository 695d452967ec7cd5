//! The platform on real databases (a SQLite file and PostgreSQL): seed, users, sign-in with throttling,
//! sessions and tokens that expire and are revoked, scoped administration, moves and merges with
//! history, calendar overrides, the personal-data log, and the audit chain with tamper detection.

use lex::Date;
use platform::calendar::{Override, OverrideKind};
use platform::{Clock, Platform, PlatformError, Principal, Role, Scope, Settings};
use store::{Db, sqlx};

const T0: i64 = 1_780_000_000; // 2026-05-28

async fn scenario(db: Db) {
    let clock = Clock::fixed(T0);
    let p = Platform::open_with(db.clone(), clock.clone(), Settings::default()).await.unwrap();
    // Seed: 1 + 34 + 355, once.
    let units = p.units().await.unwrap();
    assert_eq!(units.len(), 390);
    assert_eq!(units.iter().filter(|u| u.level == platform::org::Level::Regional).count(), 355);
    let again = Platform::open_with(db.clone(), clock.clone(), Settings::default()).await.unwrap();
    assert_eq!(again.units().await.unwrap().len(), 390);
    let hn = p.unit_by_code("T01").await.unwrap();
    assert_eq!(hn.name, "Thi hành án dân sự thành phố Hà Nội");
    let kv1 = p.unit_by_code("T01-KV01").await.unwrap();
    assert!(kv1.generated_name);
    let path = p.unit_path(kv1.id).await.unwrap();
    assert_eq!(path.len(), 3);

    let cli = Principal::system_cli();
    let pw = "mat-khau-rat-dai-1";
    let admin = p.add_user(&cli, "admin", "Quản trị", Some("TW"), &[Role::Administrator], pw).await.unwrap();
    p.add_user(&cli, "cv1", "Chấp hành viên Một", Some("T01-KV01"), &[Role::EnforcementOfficer], pw).await.unwrap();
    p.add_user(&cli, "gs-hn", "Giám sát Hà Nội", Some("T01"), &[Role::ProvincialSupervisor], pw).await.unwrap();
    p.add_user(&cli, "qt-hp", "Quản trị Hải Phòng", Some("T02"), &[Role::Administrator], pw).await.unwrap();
    assert!(matches!(
        p.add_user(&cli, "admin", "x", Some("TW"), &[Role::Clerk], pw).await,
        Err(PlatformError::Duplicate(_))
    ));
    assert!(matches!(
        p.add_user(&cli, "weak", "x", Some("TW"), &[Role::Clerk], "short").await,
        Err(PlatformError::Invalid(_))
    ));

    // Sign-in: wrong password and unknown account look the same.
    let e1 = p.sign_in("cv1", "wrong-password", "10.0.0.1").await.unwrap_err();
    let e2 = p.sign_in("nobody", "wrong-password", "10.0.0.1").await.unwrap_err();
    assert_eq!(e1.to_string(), e2.to_string());
    assert!(matches!(e1, PlatformError::InvalidCredentials));
    // Throttling per (account, address): after 5 failures even the right password is refused.
    for _ in 0..4 {
        assert!(matches!(p.sign_in("cv1", "wrong", "10.0.0.1").await, Err(PlatformError::InvalidCredentials)));
    }
    assert!(matches!(p.sign_in("cv1", pw, "10.0.0.1").await, Err(PlatformError::Throttled { .. })));
    // Unknown accounts are throttled the same way (no enumeration by throttling).
    for _ in 0..4 {
        let _ = p.sign_in("nobody", "wrong", "10.0.0.1").await;
    }
    assert!(matches!(p.sign_in("nobody", "wrong", "10.0.0.1").await, Err(PlatformError::Throttled { .. })));
    // Another address is not throttled; the window passes.
    let s = p.sign_in("cv1", pw, "10.0.0.2").await.unwrap();
    clock.advance(16 * 60);
    p.sign_in("cv1", pw, "10.0.0.1").await.unwrap();

    // Sessions: valid, then expired.
    let who = p.session(&s.session).await.unwrap();
    assert_eq!(who.user.username, "cv1");
    assert_eq!(who.principal.unit_path, path);
    assert!(matches!(p.session("s_forged").await, Err(PlatformError::Unauthenticated)));
    clock.advance(8 * 3600);
    assert!(matches!(p.session(&s.session).await, Err(PlatformError::Unauthenticated)));
    // Sign-out needs the CSRF token.
    let s = p.sign_in("cv1", pw, "10.0.0.2").await.unwrap();
    assert!(matches!(p.sign_out(&s.session, "nope").await, Err(PlatformError::Forbidden(_))));
    p.sign_out(&s.session, &s.csrf).await.unwrap();
    assert!(p.session(&s.session).await.is_err());

    // Tokens: scoped, expiring, revocable; the secret is not stored.
    let s = p.sign_in("cv1", pw, "10.0.0.2").await.unwrap();
    let me = p.session(&s.session).await.unwrap().as_principal();
    let t = p.create_token(&me, "cv1", "script", Scope::Read, 1).await.unwrap();
    assert!(t.token.starts_with("tph_"));
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM api_tokens WHERE token_hash = $1")
        .bind(&t.token)
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(n, 0, "tokens are stored hashed");
    let via = p.token(&t.token).await.unwrap();
    assert_eq!(via.principal.scope, Some(Scope::Read));
    // A read-only token cannot mint tokens.
    assert!(matches!(
        p.create_token(&via.as_principal(), "cv1", "more", Scope::Write, 1).await,
        Err(PlatformError::Forbidden(_))
    ));
    // Someone else's token cannot be revoked by an officer.
    let other = p.create_token(&cli, "gs-hn", "gs", Scope::Write, 30).await.unwrap();
    assert!(matches!(p.revoke_token(&me, other.id).await, Err(PlatformError::Forbidden(_))));
    p.revoke_token(&me, t.id).await.unwrap();
    assert!(matches!(p.token(&t.token).await, Err(PlatformError::Unauthenticated)));
    let t2 = p.create_token(&me, "cv1", "short", Scope::Write, 1).await.unwrap();
    assert!(p.token(&t2.token).await.is_ok());
    clock.advance(86400);
    assert!(matches!(p.token(&t2.token).await, Err(PlatformError::Unauthenticated)));

    // Scoped administration: Hải Phòng's administrator cannot touch Hà Nội; an officer nobody.
    let qt_hp = p.principal_of(&p.user("qt-hp").await.unwrap(), None).await.unwrap();
    let qt_hp = Principal::User(qt_hp);
    assert!(matches!(
        p.add_user(&qt_hp, "x1", "X", Some("T01-KV02"), &[Role::Clerk], pw).await,
        Err(PlatformError::Forbidden(_))
    ));
    p.add_user(&qt_hp, "tk-hp", "Thư ký HP", Some("T02-KV01"), &[Role::Clerk], pw).await.unwrap();
    assert!(matches!(p.disable_user(&me, "gs-hn").await, Err(PlatformError::Forbidden(_))));
    // Lists are scoped: the provincial supervisor sees Hà Nội's users only; the access is logged.
    let gs = Principal::User(p.principal_of(&p.user("gs-hn").await.unwrap(), None).await.unwrap());
    let seen: Vec<String> =
        p.list_users(&gs, None, "kiểm tra").await.unwrap().into_iter().map(|u| u.username).collect();
    assert_eq!(seen, vec!["cv1", "gs-hn"]);
    assert!(matches!(p.list_users(&me, None, "x").await, Err(PlatformError::Forbidden(_))));
    let log = p.personal_data_accesses(&cli, 10).await.unwrap();
    assert_eq!((log[0].actor.as_str(), log[0].purpose.as_str()), ("user:gs-hn", "kiểm tra"));

    // Disable: sessions end, tokens stop, sign-in looks like a wrong password.
    let tok = p.create_token(&me, "cv1", "late", Scope::Write, 5).await.unwrap();
    p.disable_user(&cli, "cv1").await.unwrap();
    assert!(p.session(&s.session).await.is_err());
    assert!(p.token(&tok.token).await.is_err());
    assert!(matches!(p.sign_in("cv1", pw, "10.0.0.3").await, Err(PlatformError::InvalidCredentials)));
    // Reset password: a generated one works, the old one does not.
    let new = p.reset_password(&cli, "gs-hn", None).await.unwrap();
    assert!(p.sign_in("gs-hn", pw, "10.0.0.4").await.is_err());
    p.sign_in("gs-hn", &new, "10.0.0.4").await.unwrap();
    p.grant(&cli, "gs-hn", Role::OfficeHead).await.unwrap();
    assert_eq!(p.user("gs-hn").await.unwrap().roles, vec![Role::OfficeHead, Role::ProvincialSupervisor]);

    // Units: add, move, merge, with history.
    let adm = Principal::User(p.principal_of(&admin, None).await.unwrap());
    p.add_unit(&adm, "T01-KV99", "Phòng Thi hành án dân sự khu vực 99 — Hà Nội", "T01").await.unwrap();
    p.move_unit(&adm, "T01-KV99", "T02").await.unwrap();
    assert_eq!(p.unit_by_code("T01-KV99").await.unwrap().parent_id, Some(p.unit_by_code("T02").await.unwrap().id));
    assert!(matches!(p.move_unit(&adm, "T01-KV99", "T01-KV01").await, Err(PlatformError::Invalid(_))));
    p.add_user(&cli, "cv99", "CHV 99", Some("T01-KV99"), &[Role::EnforcementOfficer], pw).await.unwrap();
    let merged = p.merge_unit(&adm, "T01-KV99", "T02-KV01").await.unwrap();
    assert!(!merged.active);
    assert_eq!(p.user("cv99").await.unwrap().unit_code.as_deref(), Some("T02-KV01"));
    let h: Vec<String> = p.unit_history("T01-KV99").await.unwrap().into_iter().map(|e| e.event).collect();
    assert_eq!(h, vec!["created", "moved", "merged_into"]);
    assert_eq!(p.unit_history("T02-KV01").await.unwrap()[0].event, "absorbed");
    assert!(matches!(p.add_unit(&qt_hp, "T01-KV98", "x", "T01").await, Err(PlatformError::Forbidden(_))));

    // Calendar overrides: only a national administrator (or the CLI).
    let day = Date::parse_iso("2026-09-03").unwrap();
    let o = Override { day, kind: OverrideKind::Off, name: "Quốc khánh (nghỉ thêm)".into() };
    assert!(matches!(p.set_override(&qt_hp, o.clone()).await, Err(PlatformError::Forbidden(_))));
    p.set_override(&adm, o).await.unwrap();
    assert!(!p.calendar().await.unwrap().is_working_day(day));
    assert!(p.remove_override(&adm, day).await.unwrap());
    assert!(p.calendar().await.unwrap().is_working_day(day));

    // Retention: purge removes what outlived its rule.
    clock.advance(400 * 86400);
    let purged = p.purge_expired(&cli).await.unwrap();
    assert!(purged.iter().any(|(c, n)| c == "sign_in_failures" && *n > 0), "{purged:?}");

    // The audit chain holds every write with before/after digests, and detects tampering.
    let n = store::audit::verify(&db).await.unwrap();
    assert!(n > 30, "{n}");
    let (digest,): (String,) = sqlx::query_as("SELECT digest FROM audit_log WHERE action = 'users.disable'")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert!(digest.starts_with("before:") && digest.contains(";after:") && !digest.contains('-'), "{digest}");
    let (id,): (i64,) =
        sqlx::query_as("SELECT id FROM audit_log WHERE action = 'users.grant'").fetch_one(db.pool()).await.unwrap();
    sqlx::query("UPDATE audit_log SET actor = 'user:someone-else' WHERE id = $1")
        .bind(id)
        .execute(db.pool())
        .await
        .unwrap();
    match store::audit::verify(&db).await {
        Err(store::StoreError::AuditBroken { id: broken, .. }) => assert_eq!(broken, id),
        other => panic!("tampering not detected: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn platform_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    scenario(Db::open(dir.path(), None).await.unwrap()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn platform_on_postgres() {
    let Some(pg) = store::scratch::postgres("platform_test").await else { return };
    scenario(pg.db.clone()).await;
    pg.drop().await;
}
