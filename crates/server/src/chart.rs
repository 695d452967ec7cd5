//! Biểu đồ — charts as inline SVG, drawn on the server (no script, nothing downloaded): the monthly
//! trend of a report (cases received and completed as bars, the completion rate as a line) and the
//! completion rates of its rows as horizontal bars. Every text is escaped; each bar has a `<title>`
//! (a tooltip and what a screen reader says).

use enforcement::stats::{ReportRow, TrendPoint};
use std::fmt::Write;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn pct(r: Option<f64>) -> String {
    r.map(|r| format!("{:.1}%", r * 100.0)).unwrap_or_else(|| "—".into())
}

/// A round upper bound for an axis.
fn nice(max: i64) -> i64 {
    let max = max.max(1);
    let mag = 10i64.pow((max as f64).log10().floor() as u32);
    for m in [1, 2, 5, 10] {
        if m * mag >= max {
            return m * mag;
        }
    }
    10 * mag
}

/// Bars of cases received and completed per month, and the completion rate (right axis).
pub fn trend(points: &[TrendPoint], title: &str) -> String {
    let (w, h, left, right, top, bottom) = (760.0, 280.0, 56.0, 48.0, 28.0, 44.0);
    let plot_w = w - left - right;
    let plot_h = h - top - bottom;
    let max = nice(points.iter().map(|p| p.received_n.max(p.completed_n)).max().unwrap_or(1));
    let n = points.len().max(1) as f64;
    let slot = plot_w / n;
    let bar = (slot * 0.38).min(22.0);
    let y = |v: i64| top + plot_h - plot_h * v as f64 / max as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="11"><title>{t}</title>"#,
        t = esc(title)
    );
    for i in 0..=4 {
        let v = max as f64 * i as f64 / 4.0;
        let yy = top + plot_h - plot_h * v / max as f64;
        let v = if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v:.1}") };
        let _ = write!(
            s,
            r##"<line x1="{left}" x2="{x2}" y1="{yy:.1}" y2="{yy:.1}" stroke="#e3e6ec"/><text x="{tx}" y="{ty:.1}" text-anchor="end" fill="#5b6475">{v}</text><text x="{rx}" y="{ty:.1}" fill="#9b1c1c">{p}%</text>"##,
            x2 = w - right,
            tx = left - 6.0,
            ty = yy + 4.0,
            rx = w - right + 6.0,
            p = i * 25
        );
    }
    let every = (points.len() / 12).max(1);
    let mut line = String::new();
    for (i, p) in points.iter().enumerate() {
        let x0 = left + slot * i as f64 + slot / 2.0;
        let _ = write!(
            s,
            r##"<rect x="{x:.1}" y="{y:.1}" width="{bar:.1}" height="{hh:.1}" fill="#7d8fb3"><title>{m}: thụ lý mới {r}</title></rect>"##,
            x = x0 - bar,
            y = y(p.received_n),
            hh = top + plot_h - y(p.received_n),
            m = esc(&p.label),
            r = p.received_n
        );
        let _ = write!(
            s,
            r##"<rect x="{x:.1}" y="{y:.1}" width="{bar:.1}" height="{hh:.1}" fill="#1f6f3f"><title>{m}: thi hành xong {c}</title></rect>"##,
            x = x0,
            y = y(p.completed_n),
            hh = top + plot_h - y(p.completed_n),
            m = esc(&p.label),
            c = p.completed_n
        );
        if i % every == 0 {
            let _ = write!(
                s,
                r##"<text x="{x0:.1}" y="{ty}" text-anchor="middle" fill="#5b6475">{}</text>"##,
                esc(&p.label),
                ty = h - bottom + 16.0
            );
        }
        if let Some(r) = p.rate_n {
            let yy = top + plot_h - plot_h * r.clamp(0.0, 1.0);
            let _ = write!(line, "{}{x0:.1},{yy:.1}", if line.is_empty() { "" } else { " " });
            let _ = write!(
                s,
                r##"<circle cx="{x0:.1}" cy="{yy:.1}" r="3" fill="#9b1c1c"><title>{}: tỷ lệ lũy kế {}</title></circle>"##,
                esc(&p.label),
                pct(p.rate_n)
            );
        }
    }
    if !line.is_empty() {
        let _ = write!(s, r##"<polyline points="{line}" fill="none" stroke="#9b1c1c" stroke-width="2"/>"##);
    }
    let ly = h - 10.0;
    let _ = write!(
        s,
        r##"<rect x="{left}" y="{a}" width="10" height="10" fill="#7d8fb3"/><text x="{b}" y="{ly}">Thụ lý mới</text><rect x="{c}" y="{a}" width="10" height="10" fill="#1f6f3f"/><text x="{d}" y="{ly}">Thi hành xong</text><line x1="{e}" x2="{f}" y1="{g}" y2="{g}" stroke="#9b1c1c" stroke-width="2"/><text x="{i}" y="{ly}">Tỷ lệ thi hành xong lũy kế (trục phải)</text></svg>"##,
        a = ly - 9.0,
        b = left + 14.0,
        c = left + 100.0,
        d = left + 114.0,
        e = left + 215.0,
        f = left + 235.0,
        g = ly - 4.0,
        i = left + 240.0
    );
    s
}

/// Completion rate per row, highest first (at most 40 rows).
pub fn rates(rows: &[ReportRow], title: &str) -> String {
    let mut rows: Vec<&ReportRow> = rows.iter().filter(|r| r.figures.with_means_n > 0).collect();
    rows.sort_by(|a, b| b.figures.rate_n.partial_cmp(&a.figures.rate_n).unwrap_or(std::cmp::Ordering::Equal));
    rows.truncate(40);
    let (w, row_h, label_w) = (760.0, 20.0, 250.0);
    let h = 20.0 + row_h * rows.len().max(1) as f64;
    let plot_w = w - label_w - 60.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="11"><title>{t}</title>"#,
        t = esc(title)
    );
    for (i, r) in rows.iter().enumerate() {
        let y = 10.0 + row_h * i as f64;
        let rate = r.figures.rate_n.unwrap_or(0.0).clamp(0.0, 1.0);
        let name: String = r.name.chars().take(40).collect();
        let _ = write!(
            s,
            r##"<text x="{lx}" y="{ty:.1}" text-anchor="end" fill="#1d2433">{n}</text><rect x="{label_w}" y="{y:.1}" width="{bw:.1}" height="{bh}" fill="#1f6f3f"><title>{full}: {p} ({c}/{m})</title></rect><text x="{px:.1}" y="{ty:.1}" fill="#5b6475">{p}</text>"##,
            lx = label_w - 6.0,
            ty = y + 13.0,
            n = esc(&name),
            bw = plot_w * rate,
            bh = row_h - 6.0,
            full = esc(&r.name),
            p = pct(r.figures.rate_n),
            c = r.figures.completed_n,
            m = r.figures.with_means_n,
            px = label_w + plot_w * rate + 4.0
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_escape_names_and_scale() {
        assert_eq!(nice(0), 1);
        assert_eq!(nice(7), 10);
        assert_eq!(nice(130), 200);
        assert_eq!(nice(4_900), 5_000);
        let p = TrendPoint {
            month: "2026-01".into(),
            label: "01/2026".into(),
            received_n: 10,
            completed_n: 4,
            collected_m: 0,
            rate_n: Some(0.4),
        };
        let svg = trend(&[p], "Xu hướng <Hà Nội>");
        assert!(svg.contains("&lt;Hà Nội&gt;") && !svg.contains("<Hà Nội>"));
        assert!(svg.contains("polyline") && svg.contains("thi hành xong 4"));
    }
}
