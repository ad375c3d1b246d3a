//! SVG charts of the benchmarks, drawn with plotters: a timeline (Gantt) of
//! every request under each strategy, and the speedups as bars.

use plotters::prelude::*;

use crate::bench::Bench;

const COLOURS: [RGBColor; 4] = [
    RGBColor(0x4C, 0x72, 0xB0),
    RGBColor(0xDD, 0x84, 0x52),
    RGBColor(0x55, 0xA8, 0x68),
    RGBColor(0xC4, 0x4E, 0x52),
];

/// The timeline of an I/O benchmark: one panel per strategy, one bar per
/// request from its arrival at the server to its answer.
pub fn timeline(bench: &Bench, english: bool) -> Result<String, String> {
    let mut svg = String::new();
    {
        let panels = bench.runs.len().max(1);
        let root =
            SVGBackend::with_string(&mut svg, (900, 260 * panels as u32)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        for (i, (area, run)) in root
            .split_evenly((panels, 1))
            .into_iter()
            .zip(&bench.runs)
            .enumerate()
        {
            let requests = run.spans.iter().map(|s| s.0 + 1).max().unwrap_or(1);
            let end = run
                .spans
                .iter()
                .map(|s| s.2)
                .fold(0.0_f64, f64::max)
                .max(1e-3);
            let name = if english { run.strategy } else { run.ru };
            let seconds = if english { "s" } else { "с" };
            let mut chart = ChartBuilder::on(&area)
                .caption(
                    format!("{name}: {:.2} {seconds}", run.seconds),
                    ("sans-serif", 18),
                )
                .margin(10)
                .x_label_area_size(30)
                .y_label_area_size(40)
                .build_cartesian_2d(0.0..end * 1.05, 0usize..requests)
                .map_err(|e| e.to_string())?;
            chart
                .configure_mesh()
                .x_desc(if english { "time, s" } else { "время, с" })
                .y_desc(if english { "request" } else { "запрос" })
                .draw()
                .map_err(|e| e.to_string())?;
            let colour = COLOURS[i % COLOURS.len()];
            chart
                .draw_series(run.spans.iter().map(|&(index, start, stop)| {
                    Rectangle::new([(start, index), (stop, index + 1)], colour.filled())
                }))
                .map_err(|e| e.to_string())?;
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// Speedup over the sequential run: a panel per benchmark (each with its
/// own scale: 90× for waiting and 1.5× for computing do not share one).
pub fn speedups(benches: &[Bench], english: bool) -> Result<String, String> {
    let mut svg = String::new();
    {
        let panels = benches.len().max(1);
        let root =
            SVGBackend::with_string(&mut svg, (460 * panels as u32, 420)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        for (area, bench) in root.split_evenly((1, panels)).into_iter().zip(benches) {
            let names: Vec<&str> = bench
                .runs
                .iter()
                .map(|r| if english { r.strategy } else { r.ru })
                .collect();
            let values: Vec<f64> = bench.runs.iter().map(|r| bench.speedup(r)).collect();
            let top = values.iter().copied().fold(1.0_f64, f64::max) * 1.15;
            let mut chart = ChartBuilder::on(&area)
                .caption(
                    format!(
                        "{}: {}",
                        bench.id,
                        if english {
                            "speedup"
                        } else {
                            "ускорение"
                        }
                    ),
                    ("sans-serif", 18),
                )
                .margin(15)
                .x_label_area_size(40)
                .y_label_area_size(50)
                .build_cartesian_2d(0..names.len(), 0.0..top)
                .map_err(|e| e.to_string())?;
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_labels(names.len())
                .x_label_formatter(&|i| names.get(*i).map(|n| n.to_string()).unwrap_or_default())
                .y_desc(if english {
                    "× faster than sequential"
                } else {
                    "× быстрее последовательного"
                })
                .draw()
                .map_err(|e| e.to_string())?;
            chart
                .draw_series(values.iter().enumerate().map(|(x, speedup)| {
                    Rectangle::new(
                        [(x, 0.0), (x + 1, *speedup)],
                        COLOURS[x % COLOURS.len()].filled(),
                    )
                }))
                .map_err(|e| e.to_string())?;
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::Run;

    fn fixed() -> Bench {
        let spans = |overlap: bool| -> Vec<(usize, f64, f64)> {
            (0..4)
                .map(|i| {
                    let start = if overlap { 0.0 } else { i as f64 * 0.1 };
                    (i, start, start + 0.1)
                })
                .collect()
        };
        Bench {
            id: "io_bound",
            title_ru: "io_bound".into(),
            title_en: "io_bound".into(),
            runs: vec![
                Run {
                    strategy: "sequential",
                    ru: "последовательно",
                    seconds: 0.4,
                    spans: spans(false),
                },
                Run {
                    strategy: "async",
                    ru: "задачи",
                    seconds: 0.1,
                    spans: spans(true),
                },
            ],
        }
    }

    #[test]
    fn the_timeline_has_a_bar_per_request_and_a_panel_per_strategy() {
        let svg = timeline(&fixed(), false).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.trim_end().ends_with("</svg>"));
        let filled_bars = svg.matches("<rect").count();
        // One background, then 4 bars in each of the 2 panels (meshes draw
        // lines, not rects).
        assert_eq!(filled_bars, 1 + 2 * 4, "{svg}");
        assert!(svg.contains("последовательно: 0.40 с"));
        assert!(svg.contains("задачи: 0.10 с"));
        assert!(svg.contains("время, с"));
    }

    #[test]
    fn the_speedup_chart_has_a_bar_per_strategy() {
        let svg = speedups(&[fixed()], true).unwrap();
        assert_eq!(svg.matches("<rect").count(), 1 + 2, "{svg}");
        assert!(svg.contains(">\nsequential\n"));
        assert!(svg.contains(">\nasync\n"));
        assert!(svg.contains("io_bound: speedup"));
    }
}
