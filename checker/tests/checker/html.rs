//! `explain --html`: the page is one self-contained file, and a real
//! headless Chromium loads it with no error, shows the lanes and steps,
//! moves the marker with the keyboard, and renders something.
//!
//! Without Chromium the browser part is skipped, except in CI (RACELAB_CI
//! set), where a missing browser fails the test: `.ci/run` installs it.

use crate::lab;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Each test its own file name: the tests run at once.
fn page(id: &str, name: &str, extra: &[&str]) -> (PathBuf, String) {
    let file = out_dir().join(format!("{name}.html"));
    let mut args = vec!["explain", id, "--html", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = lab(&args);
    assert_eq!(code, 1, "{stdout}{stderr}");
    (file.clone(), std::fs::read_to_string(&file).unwrap())
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn the_page_is_self_contained_with_a_lane_per_thread() {
    let (_, html) = page("list", "list-static", &[]);
    for outside in ["http://", "https://", "<link", " src=", "@import", "url("] {
        assert!(!html.contains(outside), "the page reaches out: {outside}");
    }
    assert_eq!(count(&html, "<th class=\"lane\">"), 2, "lanes T1 and T2");
    assert!(count(&html, "<tr class=\"step\"") >= 10);
    assert!(
        html.contains("class=\"preempt\""),
        "the preemption is marked"
    );
    assert!(html.contains("стр. 47: <code>let item = self.items.lock().pop();</code>"));
    assert!(html.contains("id=\"outcomes\""));
    assert!(html.contains("✗ отклонено"));
}

#[test]
fn task_steps_stand_on_the_virtual_time_axis() {
    let (_, html) = page("async_counter", "async_counter", &["--lang", "en"]);
    assert!(html.contains("<th class=\"time\">time</th>"));
    assert!(html.contains("<td class=\"time\">10 ms</td>"));
}

#[test]
fn any_execution_can_be_written() {
    let (_, html) = page("counter", "counter-1", &["--execution", "1"]);
    assert!(html.contains("Исполнение № 1 из"), "{html}");
    assert!(html.contains("class=\"expected\">счётчик = 4"));
}

/// The kit's browser: $RACELAB_CHROMIUM, else chromium on the PATH.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("RACELAB_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    ["chromium", "chromium-browser"]
        .into_iter()
        .find_map(|name| {
            let ok = Command::new(name)
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            ok.then(|| PathBuf::from(name))
        })
}

/// Chromium headless on `url` with `args`, given a minute at most.
fn headless(browser: &Path, args: &[String], url: &str) -> (String, String, Duration) {
    let profile = tempdir("profile");
    let start = Instant::now();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let err = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("chromium did not finish within a minute");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let took = start.elapsed();
    let _ = std::fs::remove_dir_all(&profile);
    (out.join().unwrap(), err.join().unwrap(), took)
}

fn tempdir(name: &str) -> PathBuf {
    let dir = out_dir().join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Catches every error before the page's own script runs; presses the keys
/// after it, as a reader would, and leaves what it saw in the DOM.
const CATCH: &str = r#"<script>
window.__errors = [];
window.addEventListener('error', function (e) { __errors.push(String(e.message)); });
(function () { var orig = console.error; console.error = function () {
  __errors.push(Array.prototype.join.call(arguments, ' ')); orig.apply(console, arguments); }; })();
</script>"#;

const PROBE: &str = r#"<script>
(function () {
  function press(key) {
    document.dispatchEvent(new KeyboardEvent('keydown', { key: key, bubbles: true }));
    return document.body.getAttribute('data-step') + ':' +
      document.querySelectorAll('tr.step.current').length + ':' +
      (document.querySelector('tr.step.current') || { id: '' }).id;
  }
  var seen = [press('Home'), press('ArrowRight'), press('ArrowRight'), press('ArrowLeft'), press('End')];
  var pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify({
    seen: seen,
    errors: window.__errors,
    lanes: document.querySelectorAll('th.lane').length,
    steps: document.querySelectorAll('tr.step').length,
    future: document.querySelectorAll('tr.step.future').length,
    ms: Math.round(performance.now())
  });
  document.body.appendChild(pre);
})();
</script>"#;

#[test]
fn chromium_loads_the_page_and_the_keyboard_moves_the_marker() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("RACELAB_CI").is_none(),
            "Chromium is missing in CI: .ci/run installs the package chromium"
        );
        eprintln!("chromium not installed: the browser test is skipped");
        return;
    };
    let (file, html) = page("list", "list", &[]);
    let steps = count(&html, "<tr class=\"step\"");
    let probed = html
        .replacen("<head>", &format!("<head>\n{CATCH}"), 1)
        .replacen("</body>", &format!("{PROBE}\n</body>"), 1);
    let probe_file = out_dir().join("list-probe.html");
    std::fs::write(&probe_file, probed).unwrap();

    let url = format!("file://{}", probe_file.display());
    let (dom, log, took) = headless(&browser, &["--dump-dom".to_string()], &url);
    let start = dom.find("<pre id=\"probe\">").expect("the probe ran") + "<pre id=\"probe\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let json = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    let probe: serde_json::Value = serde_json::from_str(&json).expect(&json);
    assert_eq!(probe["errors"], serde_json::json!([]), "page errors");
    assert!(
        !log.contains("Uncaught") && !log.contains(":ERROR:CONSOLE"),
        "console errors:\n{log}"
    );
    assert_eq!(probe["lanes"], 2);
    assert_eq!(probe["steps"], steps);
    let seen: Vec<String> = probe["seen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        seen,
        [
            "1:1:step-1".to_string(),
            "2:1:step-2".to_string(),
            "3:1:step-3".to_string(),
            "2:1:step-2".to_string(),
            format!("{steps}:1:step-{steps}"),
        ]
    );
    assert_eq!(probe["future"], 0, "at the end no step is still ahead");
    eprintln!(
        "list.html: {} bytes; Chromium --dump-dom {} ms, the page's script done at {} ms",
        html.len(),
        took.as_millis(),
        probe["ms"]
    );

    // The screenshot: far more drawn than on a blank page of the same size.
    let shot = out_dir().join("list.png");
    let blank_shot = out_dir().join("blank.png");
    let blank = out_dir().join("blank.html");
    std::fs::write(&blank, "<!DOCTYPE html><html><body></body></html>").unwrap();
    for (target, out) in [(&file, &shot), (&blank, &blank_shot)] {
        let _ = std::fs::remove_file(out);
        let (_, log, _) = headless(
            &browser,
            &[
                format!("--screenshot={}", out.display()),
                "--window-size=1000,1400".to_string(),
                "--hide-scrollbars".to_string(),
            ],
            &format!("file://{}", target.display()),
        );
        assert!(out.exists(), "no screenshot:\n{log}");
    }
    let png = std::fs::read(&shot).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert!(width >= 900 && height >= 1000, "{width}×{height}");
    let blank_len = std::fs::metadata(&blank_shot).unwrap().len();
    assert!(
        png.len() as u64 > 5 * blank_len,
        "the screenshot looks blank: {} bytes, a blank page {blank_len}",
        png.len()
    );
    eprintln!("screenshot: {} ({} bytes)", shot.display(), png.len());
}
