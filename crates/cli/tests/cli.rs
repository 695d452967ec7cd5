//! The `tuphap` binary as a user runs it: the CLI contract other issues build on.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tuphap(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tuphap"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run tuphap")
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

#[test]
fn import_list_show_contract() {
    let dir = tempfile::tempdir().unwrap();
    let samples = repo().join("samples");
    let out = tuphap(dir.path(), &["import", samples.to_str().unwrap(), "--quiet"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("6 văn bản"));

    let list = json(&tuphap(dir.path(), &["list", "--format", "json"]));
    assert_eq!(list["total"], 5); // 6 files: the two versions of the draft decision are one Work

    // JSON contract of `show` with a provision.
    let v = json(&tuphap(
        dir.path(),
        &["show", "999/2026/qh15", "điểm a khoản 1 Điều 11", "--at", "2027-03-01", "--format", "json"],
    ));
    let doc = &v["document"];
    for key in ["number", "type", "title", "issuer", "issued", "effective", "status"] {
        assert!(doc.get(key).is_some(), "document.{key}");
    }
    assert_eq!(doc["number"], "999/2026/QH15");
    assert_eq!(doc["type"], "Luật");
    assert_eq!(doc["issued"], "2026-06-26");
    assert_eq!(doc["effective"], "2027-01-01");
    assert_eq!(doc["status"], "in_force");
    let p = &v["provision"];
    assert_eq!(p["eid"], "art_11__cl_1__pt_a");
    assert_eq!(p["kind"], "point");
    assert_eq!(p["label"], "Điểm a");
    assert_eq!(p["status"], "in_force");
    assert!(p["children"].as_array().unwrap().is_empty());

    // Status is for the date asked.
    let v = json(&tuphap(dir.path(), &["show", "999/2026/QH15", "Điều 1", "--at", "2026-12-31", "--format", "json"]));
    assert_eq!(v["provision"]["status"], "not_yet_in_force");
    assert_eq!(v["provision"]["heading"], "Phạm vi điều chỉnh", "heading excludes the label");

    // Without a provision: the whole tree; chapters by Roman number.
    let v = json(&tuphap(dir.path(), &["show", "999/2026/QH15", "--format", "json"]));
    assert_eq!(v["provision"]["kind"], "document");
    let v = json(&tuphap(dir.path(), &["show", "999/2026/QH15", "Chương II", "--format", "json"]));
    assert_eq!(v["provision"]["kind"], "chapter");
    assert_eq!(v["provision"]["label"], "Chương II");

    // Text output is readable Vietnamese.
    let out = tuphap(dir.path(), &["show", "999/2026/QH15", "khoản 1 Điều 11"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Luật Hòa giải cơ sở mẫu") && text.contains("a) "), "{text}");
}

#[test]
fn unknown_number_or_provision_exits_2_with_closest_matches() {
    let dir = tempfile::tempdir().unwrap();
    let law = repo().join("samples/luat-999-2026-qh15-hoa-giai-mau.txt");
    assert!(tuphap(dir.path(), &["import", law.to_str().unwrap(), "--quiet"]).status.success());
    let out = tuphap(dir.path(), &["show", "999/2025/QH15"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("999/2026/QH15"), "{err}");
    let out = tuphap(dir.path(), &["show", "999/2026/QH15", "Điều 19"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Điều 18"));
    let out = tuphap(dir.path(), &["show", "999/2026/QH15", "--at", "hôm qua"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn failed_file_gives_exit_code_1_and_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    let bad = input.path().join("hong.docx");
    std::fs::write(&bad, b"not a zip").unwrap();
    let out = tuphap(dir.path(), &["import", bad.to_str().unwrap(), "--quiet"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("hong.docx"));
    let out = tuphap(dir.path(), &["import", bad.to_str().unwrap(), "--format", "nope"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn civil_code_article_117_from_the_real_docx() {
    let Some(docx) = store::scratch::shared_data("nbtt-parsed/raw/bo_luat/bo_luat_91_2015_QH13.docx") else { return };
    let dir = tempfile::tempdir().unwrap();
    assert!(tuphap(dir.path(), &["import", docx.to_str().unwrap(), "--format", "docx", "--quiet"]).status.success());
    let v = json(&tuphap(dir.path(), &["show", "91/2015/QH13", "Điều 117", "--format", "json"]));
    assert_eq!(v["document"]["title"], "Bộ luật Dân sự");
    let art = &v["provision"];
    assert_eq!(art["label"], "Điều 117");
    assert_eq!(art["heading"], "Điều kiện có hiệu lực của giao dịch dân sự");
    let clauses = art["children"].as_array().unwrap();
    assert_eq!(clauses.len(), 2);
    let points: Vec<&str> =
        clauses[0]["children"].as_array().unwrap().iter().map(|p| p["label"].as_str().unwrap()).collect();
    assert_eq!(points, ["Điểm a", "Điểm b", "Điểm c"]);
    assert_eq!(clauses[0]["text"], "Giao dịch dân sự có hiệu lực khi có đủ các điều kiện sau đây:");
    let v = json(&tuphap(dir.path(), &["show", "91/2015/qh13", "Phần thứ nhất", "--format", "json"]));
    assert_eq!(v["provision"]["label"], "Phần thứ nhất");
    let out = tuphap(dir.path(), &["audit", "verify"]);
    assert!(out.status.success());
}

#[test]
fn provision_absent_on_the_date_exits_3_with_its_status() {
    let dir = tempfile::tempdir().unwrap();
    let samples = repo().join("samples");
    assert!(tuphap(dir.path(), &["import", samples.to_str().unwrap(), "--quiet"]).status.success());
    // Luật 998/2026/QH15 (in force 01/07/2027) repeals Điều 15 and inserts Điều 10a of 999/2026/QH15.
    let out = tuphap(dir.path(), &["show", "999/2026/QH15", "Điều 15", "--at", "2027-06-30", "--format", "json"]);
    assert!(out.status.success());
    let out = tuphap(dir.path(), &["show", "999/2026/QH15", "Điều 15", "--at", "2027-07-01", "--format", "json"]);
    assert_eq!(out.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["provision"]["status"], "repealed");
    assert_eq!(v["provision"]["by"], "998/2026/QH15");
    let out = tuphap(dir.path(), &["show", "999/2026/QH15", "Điều 10a", "--at", "2027-06-30", "--format", "json"]);
    assert_eq!(out.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["provision"]["status"], "not_yet_in_force");
    let v = json(&tuphap(dir.path(), &["show", "999/2026/QH15", "Điều 10a", "--at", "2027-07-01", "--format", "json"]));
    assert_eq!(v["provision"]["heading"], "Cơ sở dữ liệu về hòa giải ở cơ sở");
    // Text mode says why, on stderr, with the same exit code.
    let out = tuphap(dir.path(), &["show", "999/2026/QH15", "Điều 15", "--at", "2027-07-01"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("998/2026/QH15"));
}

#[test]
fn history_and_diff() {
    let dir = tempfile::tempdir().unwrap();
    let samples = repo().join("samples");
    assert!(tuphap(dir.path(), &["import", samples.to_str().unwrap(), "--quiet"]).status.success());
    // Điều 5 of the sample law: the original, then the wording of 998/2026/QH15 from 01/07/2027.
    let v = json(&tuphap(dir.path(), &["history", "999/2026/QH15", "Điều 5", "--format", "json"]));
    let versions = v["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2, "{v}");
    assert_eq!(versions[0]["from"], "2027-01-01");
    assert_eq!(versions[0]["to"], "2027-06-30");
    assert_eq!(versions[1]["from"], "2027-07-01");
    assert_eq!(versions[1]["by"], "998/2026/QH15");
    assert_eq!(versions[1]["provision"]["children"].as_array().unwrap().len(), 7);
    // Điều 15: repealed.
    let v = json(&tuphap(dir.path(), &["history", "999/2026/QH15", "Điều 15", "--format", "json"]));
    assert_eq!(v["versions"][1]["status"], "repealed");

    // The law on two dates: Điều 5 changed, Điều 10a added, Điều 15 removed.
    let v = json(&tuphap(
        dir.path(),
        &["diff", "999/2026/QH15", "--from", "2027-06-30", "--to", "2027-07-01", "--format", "json"],
    ));
    let changes = v["changes"].as_array().unwrap();
    let has =
        |kind: &str, eid: &str| changes.iter().any(|c| c["kind"] == kind && (c["to"][0] == eid || c["from"][0] == eid));
    assert!(has("changed", "art_5") && has("added", "art_10a") && has("removed", "art_15"), "{v}");

    // Two files: a renumbered article is a move.
    let files = tempfile::tempdir().unwrap();
    let a = files.path().join("a.txt");
    let b = files.path().join("b.txt");
    std::fs::write(&a, "Điều 1. Phạm vi\nQuy định chung về hòa giải.\nĐiều 2. Nguyên tắc\nTôn trọng sự tự nguyện của các bên, không bắt buộc, không áp đặt các bên.").unwrap();
    std::fs::write(&b, "Điều 1. Phạm vi\nQuy định chung về hòa giải ở cơ sở.\nĐiều 2. Chính sách\nNhà nước hỗ trợ kinh phí cho hoạt động hòa giải ở cơ sở tại thôn.\nĐiều 3. Nguyên tắc\nTôn trọng sự tự nguyện của các bên, không bắt buộc, không áp đặt các bên.").unwrap();
    let v = json(&tuphap(dir.path(), &["diff", a.to_str().unwrap(), b.to_str().unwrap(), "--format", "json"]));
    let changes = v["changes"].as_array().unwrap();
    assert!(changes.iter().any(|c| c["kind"] == "moved" && c["from"][0] == "art_2" && c["to"][0] == "art_3"), "{v}");
    let out = tuphap(dir.path(), &["diff", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("ở cơ sở.+}"));
    let out = tuphap(dir.path(), &["diff", "999/2026/QH15"]);
    assert_eq!(out.status.code(), Some(2));
}

/// The closing line of an archive: each table's rows and checksum, audit tables left out (a restore
/// appends its own entry to the chain).
fn archive_sums(path: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(path).unwrap();
    let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(last["end"], "tuphap-backup", "{}: closing line", path.display());
    let tables = last["tables"].as_array().unwrap();
    tables.iter().filter(|t| !t["table"].as_str().unwrap().starts_with("audit_")).cloned().collect()
}

fn ok(out: Output) -> String {
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn whole_database_backup_restore_and_copy_to_postgres() {
    let a = tempfile::tempdir().unwrap();
    let first = ok(tuphap(a.path(), &["demo", "samples"]));
    assert!(first.contains("sample documents") && first.contains("sample cases"), "{first}");
    // A second run leaves the stores alone and says so.
    let again = ok(tuphap(a.path(), &["demo", "samples"]));
    assert!(again.contains("library not empty") && again.contains("enforcement store not empty"), "{again}");
    // Platform rows of every kind, and a unit merged into a unit created after it (a reference
    // forward in id order, which a restore must accept).
    ok(tuphap(a.path(), &["admin", "unit", "add", "T01-NEW", "Phòng mới", "--parent", "T01"]));
    ok(tuphap(a.path(), &["admin", "unit", "merge", "T01-KV02", "--into", "T01-NEW"]));
    let user = ["admin", "user", "add", "u1", "--name", "Nguyễn Văn A", "--unit", "T01-NEW", "--role", "clerk"];
    ok(tuphap(a.path(), &[&user[..], &["--password", "Mat-khau-dai-12345"]].concat()));
    ok(tuphap(a.path(), &["admin", "token", "create", "u1"]));

    let file = a.path().join("backup.jsonl");
    ok(tuphap(a.path(), &["backup", file.to_str().unwrap()]));
    let sums = archive_sums(&file);
    let rows = |table: &str| sums.iter().find(|t| t["table"] == table).map(|t| t["rows"].as_u64().unwrap());
    for table in [
        "provisions",
        "units",
        "unit_history",
        "users",
        "user_roles",
        "api_tokens",
        "enf_cases",
        "enf_documents",
        "enf_ledger_entries",
        "enf_assets",
        "enf_keys",
        "enf_outbox",
    ] {
        assert!(rows(table).unwrap_or(0) > 0, "{table} is in the backup with its rows");
    }

    // Restored into a new data dir, the database is the same, table by table, and answers.
    let b = tempfile::tempdir().unwrap();
    ok(tuphap(b.path(), &["restore", file.to_str().unwrap()]));
    let again = b.path().join("again.jsonl");
    ok(tuphap(b.path(), &["backup", again.to_str().unwrap()]));
    assert_eq!(archive_sums(&again), sums);
    assert!(ok(tuphap(b.path(), &["audit", "verify"])).contains("intact"), "the chain, with the restore, verifies");
    let units = json(&tuphap(b.path(), &["admin", "unit", "list", "--json"]));
    let unit = |code: &str| units["units"].as_array().unwrap().iter().find(|u| u["code"] == code).unwrap().clone();
    assert_eq!(unit("T01-KV02")["merged_into"], unit("T01-NEW")["id"]);

    // A restore never merges into a database that holds data.
    let out = tuphap(a.path(), &["restore", file.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"), "{}", String::from_utf8_lossy(&out.stderr));

    // The same copy into PostgreSQL, where new rows then get ids after the copied ones.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Some(scratch) = rt.block_on(store::scratch::postgres("cli")) else { return };
    let url = scratch.url.clone();
    let pg = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_tuphap")).arg("--database").arg(&url).args(args).output().expect("run")
    };
    ok(tuphap(a.path(), &["db", "migrate-to", &url]));
    let from_pg = a.path().join("pg.jsonl");
    ok(pg(&["backup", from_pg.to_str().unwrap()]));
    assert_eq!(archive_sums(&from_pg), sums);
    ok(pg(&[
        &user[..3],
        &["u2", "--name", "B", "--unit", "T01", "--role", "clerk", "--password", "Mat-khau-dai-12345"],
    ]
    .concat()));
    ok(pg(&["demo", "enforcement", "--cases", "3"]));
    ok(pg(&["audit", "verify"]));
    rt.block_on(scratch.drop());
}

/// A weight the ranking does not have, or a set that does not exist, is refused by name before any
/// work: serde alone would ignore the weight and measure the unchanged ranking.
#[test]
fn unknown_weights_and_sets_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["eval", "retrieval", "--also", r#"[{"clause": 0.3}, {"clausee": 0.3}]"#][..],
        &["eval", "retrieval", "--weights", r#"{"clausee": 0.3}"#][..],
        &["search", "thời hiệu", "--weights", r#"{"clausee": 0.3}"#][..],
    ] {
        let out = tuphap(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("clausee") && err.contains("clause_depth"), "{err}");
    }
    let out = tuphap(dir.path(), &["eval", "retrieval", "--also", r#"{"clause": 0.3}"#]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("JSON array"));
    let out = tuphap(dir.path(), &["eval", "retrieval", "--set", "naturel"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("held-out"));
}

/// A variant of the ranking measured from the command line: word vectors trained on rebuild,
/// weights changed for one search.
#[test]
fn a_ranking_variant_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let samples = repo().join("samples");
    assert!(tuphap(dir.path(), &["import", samples.to_str().unwrap(), "--quiet"]).status.success());
    let out = tuphap(dir.path(), &["index", "rebuild", "--vectors", "--quiet"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("too small to train"),
        "the user is told no vectors were trained"
    );
    let query = "hòa giải ở cơ sở";
    let default = json(&tuphap(dir.path(), &["search", query, "--format", "json"]));
    assert!(!default["hits"].as_array().unwrap().is_empty());
    // The samples are too small to train vectors on: `dense` then changes nothing.
    let dense = json(&tuphap(dir.path(), &["search", query, "--format", "json", "--weights", r#"{"dense": 0.6}"#]));
    let ranked = |v: &serde_json::Value| -> Vec<String> {
        v["hits"].as_array().unwrap().iter().map(|h| format!("{} {}", h["document"], h["eid"])).collect()
    };
    assert_eq!(ranked(&dense), ranked(&default));
    // Without the title and heading fields the scores change.
    let flat = json(&tuphap(
        dir.path(),
        &[
            "search",
            query,
            "--format",
            "json",
            "--weights",
            r#"{"heading": 0, "heading_bigram": 0, "title": 0, "title_bigram": 0}"#,
        ],
    ));
    assert_ne!(flat["hits"][0]["score"], default["hits"][0]["score"]);
}

/// `tuphap … | head`: a reader that stops early ends the command quietly, not with a panic report.
#[test]
fn closed_stdout_ends_quietly() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    // The units list (390 units as JSON) is larger than a pipe's buffer.
    let mut child = Command::new(env!("CARGO_BIN_EXE_tuphap"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["admin", "unit", "list", "--json"])
        .env_remove("DATABASE_URL")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(141));
}
