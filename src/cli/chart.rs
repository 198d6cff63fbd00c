//! Timeline charts for a paper: SVG and PNG, drawn with plotters.
//!
//! One series is drawn as bars, a split timeline as one line per series with a legend. The x
//! axis carries the bucket labels (thinned out when there are many), the y axis the metric.
//! Text in the PNG is drawn with DejaVu Sans, embedded in the binary, so no system font or
//! font library is needed; the SVG names the `sans-serif` family and leaves drawing to the
//! viewer.

use std::path::Path;
use std::str::FromStr;
use std::sync::Once;

use anyhow::{anyhow, Context};
use dateline::per_1000;
use dateline::{Interval, Timeline};
use plotters::coord::ranged1d::Ranged;
use plotters::coord::Shift;
use plotters::prelude::*;

/// What a chart's bars or lines show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Metric {
    /// Matching articles per 1,000 articles of the archive in the bucket.
    #[value(name = "per-1000")]
    Per1000,
    /// Matching articles.
    Articles,
}

/// The file format of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Svg,
    Png,
}

/// A chart's size in pixels, written `WIDTHxHEIGHT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartSize {
    pub width: u32,
    pub height: u32,
}

impl FromStr for ChartSize {
    type Err = String;

    fn from_str(text: &str) -> Result<ChartSize, String> {
        let wrong = || format!("`{text}` is not a size: give WIDTHxHEIGHT in pixels, e.g. 1200x600");
        let (width, height) = text.split_once(['x', 'X']).ok_or_else(wrong)?;
        let (width, height): (u32, u32) =
            (width.trim().parse().map_err(|_| wrong())?, height.trim().parse().map_err(|_| wrong())?);
        if !(200..=10_000).contains(&width) || !(150..=10_000).contains(&height) {
            return Err(format!("`{text}` is too small or too large: width 200-10000, height 150-10000 pixels"));
        }
        Ok(ChartSize { width, height })
    }
}

/// The title a chart gets unless `--title` says otherwise.
pub fn default_title(query: &str, timeline: &Timeline, metric: Metric) -> String {
    let what = match metric {
        Metric::Per1000 => "articles per 1,000",
        Metric::Articles => "articles",
    };
    let by = match timeline.interval {
        Interval::Year => "year",
        Interval::Month => "month",
        Interval::Week => "ISO week",
    };
    format!("\u{201c}{query}\u{201d}: matching {what}, by {by}")
}

fn register_fonts() -> anyhow::Result<()> {
    static REGISTER: Once = Once::new();
    let mut result = Ok(());
    REGISTER.call_once(|| {
        let regular = plotters::style::register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular());
        let bold = plotters::style::register_font("sans-serif", FontStyle::Bold, dejavu::sans::bold());
        if regular.is_err() || bold.is_err() {
            result = Err(anyhow!("the embedded font cannot be read"));
        }
    });
    result
}

/// Draws `timeline` into `path` as an SVG or PNG image of `size`.
pub fn draw(
    kind: Kind,
    path: &Path,
    size: ChartSize,
    title: &str,
    timeline: &Timeline,
    metric: Metric,
) -> anyhow::Result<()> {
    register_fonts()?;
    let dimensions = (size.width, size.height);
    match kind {
        Kind::Svg => {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, dimensions).into_drawing_area();
                plot(&root, title, timeline, metric).map_err(|e| anyhow!("{e}"))?;
                root.present().map_err(|e| anyhow!("{e}"))?;
            }
            std::fs::write(path, svg)?;
        }
        Kind::Png => {
            let mut pixels = vec![0u8; size.width as usize * size.height as usize * 3];
            {
                let root = BitMapBackend::with_buffer(&mut pixels, dimensions).into_drawing_area();
                plot(&root, title, timeline, metric).map_err(|e| anyhow!("{e}"))?;
                root.present().map_err(|e| anyhow!("{e}"))?;
            }
            let file = std::io::BufWriter::new(std::fs::File::create(path)?);
            let mut encoder = png::Encoder::new(file, size.width, size.height);
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_depth(png::BitDepth::Eight);
            let mut writer = encoder.write_header().context("PNG header")?;
            writer.write_image_data(&pixels).context("PNG data")?;
            writer.finish().context("PNG end")?;
        }
    }
    Ok(())
}

/// Colours for the series, distinct in print and for the common kinds of colour blindness
/// (the Okabe-Ito palette).
const COLOURS: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(240, 228, 66),
    RGBColor(0, 0, 0),
];
const OTHER: RGBColor = RGBColor(150, 150, 150);

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

fn plot<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    timeline: &Timeline,
    metric: Metric,
) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let n = timeline.buckets.len().max(1);
    let value = |articles: u64, bucket: usize| -> f64 {
        match metric {
            Metric::Per1000 => {
                timeline.buckets.get(bucket).and_then(|b| per_1000(articles, b.bucket_articles)).unwrap_or(0.0)
            }
            Metric::Articles => articles as f64,
        }
    };
    let max = timeline
        .series
        .iter()
        .flat_map(|s| s.articles.iter().enumerate().map(|(i, &a)| value(a, i)))
        .fold(0.0, f64::max);
    let top = if max > 0.0 { max * 1.1 } else { 1.0 };
    let (x_desc, y_desc) = (
        match timeline.interval {
            Interval::Year => "year",
            Interval::Month => "month",
            Interval::Week => "ISO week (Monday to Sunday)",
        },
        match metric {
            Metric::Per1000 => "matching articles per 1,000 articles in the archive",
            Metric::Articles => "matching articles",
        },
    );
    let height = root.dim_in_pixel().1 as f64;
    let font = |scale: f64| ("sans-serif", (height * scale).clamp(10.0, 40.0));
    // Bucket i spans [i, i + 1) on the x axis; its label sits at its centre.
    let axis = BucketAxis { buckets: n as f64, labelled: label_positions(timeline) };
    let mut chart = ChartBuilder::on(root)
        .caption(title, font(0.04).into_font().style(FontStyle::Bold))
        .margin(20)
        .x_label_area_size(height * 0.1)
        .y_label_area_size(height * 0.12)
        .build_cartesian_2d(axis, 0.0..top)?;
    let labels: Vec<&str> = timeline.buckets.iter().map(|b| b.label.as_str()).collect();
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_label_formatter(&|x| labels.get(x.floor() as usize).unwrap_or(&"").to_string())
        .y_label_formatter(&|y| if *y == y.trunc() { format!("{y:.0}") } else { format!("{y:.1}") })
        .x_desc(x_desc)
        .y_desc(y_desc)
        .label_style(font(0.028))
        .axis_desc_style(font(0.03))
        .draw()?;

    let gap = if n > 60 { 0.0 } else { 0.1 };
    if timeline.split_by.is_none() {
        let series = &timeline.series[0];
        chart.draw_series(series.articles.iter().enumerate().map(|(i, &articles)| {
            let x = i as f64;
            Rectangle::new([(x + gap, 0.0), (x + 1.0 - gap, value(articles, i))], COLOURS[0].filled())
        }))?;
        return Ok(());
    }
    for (s, series) in timeline.series.iter().enumerate() {
        let colour = if series.other { OTHER } else { COLOURS[s % COLOURS.len()] };
        let points: Vec<(f64, f64)> =
            series.articles.iter().enumerate().map(|(i, &a)| (i as f64 + 0.5, value(a, i))).collect();
        chart
            .draw_series(LineSeries::new(points.clone(), colour.stroke_width(2)))?
            .label(format!("{} ({})", series.name, series.total))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(3)));
        if n <= 60 {
            chart.draw_series(points.into_iter().map(|p| Circle::new(p, 3, colour.filled())))?;
        }
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.4))
        .label_font(font(0.028))
        .draw()?;
    Ok(())
}

/// The x axis: bucket `i` spans `[i, i + 1)`; the labelled buckets get a tick at their centre.
struct BucketAxis {
    buckets: f64,
    labelled: Vec<usize>,
}

impl Ranged for BucketAxis {
    type FormatOption = plotters::coord::ranged1d::DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let span = f64::from(limit.1 - limit.0);
        limit.0 + (value / self.buckets * span).round() as i32
    }

    fn key_points<Hint: plotters::coord::ranged1d::KeyPointHint>(&self, _: Hint) -> Vec<f64> {
        self.labelled.iter().map(|&i| i as f64 + 0.5).collect()
    }

    fn range(&self) -> std::ops::Range<f64> {
        0.0..self.buckets
    }
}

/// The buckets that get a label on the x axis: at most about 12, every `step`-th, with steps
/// that fall on round dates (years divisible by 5, quarters or half-years, every 4th or 13th
/// week) where the step allows.
fn label_positions(timeline: &Timeline) -> Vec<usize> {
    let n = timeline.buckets.len();
    let steps: &[usize] = match timeline.interval {
        Interval::Year => &[1, 2, 5, 10, 20, 50, 100],
        Interval::Month => &[1, 2, 3, 6, 12, 24, 60, 120, 240, 600],
        Interval::Week => &[1, 2, 4, 13, 26, 52, 104, 260, 520, 1040],
    };
    let step = steps.iter().copied().find(|step| n.div_ceil(*step) <= 12).unwrap_or_else(|| n.div_ceil(12).max(1));
    // The bucket's number within its cycle: the year, the month (0-11), the ISO week (0-52).
    let number = |label: &str| -> usize {
        let (year, rest) = label.split_once(['-']).unwrap_or((label, ""));
        let rest = rest.trim_start_matches('W');
        match timeline.interval {
            Interval::Year => year.parse().unwrap_or(0),
            Interval::Month | Interval::Week => rest.parse::<usize>().unwrap_or(1).saturating_sub(1),
        }
    };
    let first = (0..n.min(step)).find(|&i| number(&timeline.buckets[i].label) % step == 0).unwrap_or(0);
    (first..n).step_by(step).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_and_refuse_nonsense() {
        assert_eq!("800x400".parse::<ChartSize>().unwrap(), ChartSize { width: 800, height: 400 });
        assert!("800".parse::<ChartSize>().unwrap_err().contains("WIDTHxHEIGHT"));
        assert!("10x10".parse::<ChartSize>().unwrap_err().contains("too small"));
    }
}
