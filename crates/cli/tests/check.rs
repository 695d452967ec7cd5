//! `tuphap check`: rustc-style text, the JSON contract, exit codes, `--previous`, `--fix`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tuphap(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tuphap"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run tuphap")
}

fn samples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../samples")
}

#[test]
fn check_text_json_previous_fix() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let s = samples();
    let out = tuphap(
        &data,
        &[
            "import",
            "--quiet",
            s.join("luat-999-2026-qh15-hoa-giai-mau.txt").to_str().unwrap(),
            s.join("luat-998-2026-qh15-sua-doi-mau.txt").to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // Text: file:line:col: error[kind]: message, the line, a caret, help.
    let draft = s.join("du-thao-thong-tu-mau.txt");
    let out = tuphap(&data, &["check", draft.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("du-thao-thong-tu-mau.txt:73:123: error[repealed-provision]:"), "{text}");
    assert!(text.contains("^^^^^^^"), "{text}");
    assert!(text.contains("= help:"), "{text}");

    // JSON contract.
    let out = tuphap(&data, &["check", draft.to_str().unwrap(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = v["diagnostics"].as_array().unwrap().iter().find(|d| d["kind"] == "missing-provision").unwrap();
    for key in ["kind", "severity", "line", "column", "citation", "message", "suggestion"] {
        assert!(d.get(key).is_some(), "{key} missing in {d}");
    }
    assert_eq!(d["severity"], "error");

    // A previous version and --fix: NAME.fixed.EXT beside the input.
    let work = dir.path().join("du-thao.txt");
    std::fs::copy(s.join("du-thao-quyet-dinh-mau-v2.txt"), &work).unwrap();
    let prev = s.join("du-thao-quyet-dinh-mau-v1.txt");
    let out = tuphap(&data, &["check", work.to_str().unwrap(), "--previous", prev.to_str().unwrap(), "--fix"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("error[stale-after-renumbering]"), "{text}");
    let fixed = std::fs::read_to_string(dir.path().join("du-thao.fixed.txt")).unwrap();
    assert!(fixed.contains("khoản 1 Điều 3 Quyết định này") && fixed.contains("theo khoản 2 Điều 13 Luật"), "{fixed}");
    // The corrected draft, checked once Luật 998 is in force, has no error left.
    let out = tuphap(&data, &["check", dir.path().join("du-thao.fixed.txt").to_str().unwrap(), "--date", "2027-08-01"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    // An .html draft: read by its paragraphs, fixed in its own markup (NAME.fixed.html).
    let v2 = std::fs::read_to_string(s.join("du-thao-quyet-dinh-mau-v2.txt")).unwrap();
    let v1 = std::fs::read_to_string(prev).unwrap();
    let page = |t: &str| {
        let body: String = t
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| format!("<p class=\"vb\">{}</p>\n", l.replace('&', "&amp;").replace('<', "&lt;")))
            .collect();
        format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Dự thảo</title></head><body>\n{body}</body></html>\n"
        )
    };
    std::fs::write(dir.path().join("du-thao.html"), page(&v2)).unwrap();
    std::fs::write(dir.path().join("du-thao-cu.html"), page(&v1)).unwrap();
    let html = dir.path().join("du-thao.html");
    let old_html = dir.path().join("du-thao-cu.html");
    let out = tuphap(&data, &["check", html.to_str().unwrap(), "--previous", old_html.to_str().unwrap(), "--fix"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("error[stale-after-renumbering]"));
    let fixed = std::fs::read_to_string(dir.path().join("du-thao.fixed.html")).unwrap();
    assert!(fixed.starts_with("<!DOCTYPE html>") && fixed.contains("<p class=\"vb\">"), "{fixed}");
    assert!(fixed.contains("khoản 1 Điều 3 Quyết định này"), "{fixed}");
    let out =
        tuphap(&data, &["check", dir.path().join("du-thao.fixed.html").to_str().unwrap(), "--date", "2027-08-01"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
}
