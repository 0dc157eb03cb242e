//! Sensitivity bands of a batch (as Vensim draws them): per chosen variable and saved
//! time, the median and the 50/75/95/100% envelopes across runs.
//!
//! [`BandSink`] sits in front of the batch's table sink, passing every row on and
//! keeping, per saved time, the values of the chosen variables only, not whole runs.
//! Memory is bounded by runs x saved rows x chosen variables x 8 bytes (WORLD3, 1000
//! runs, 401 rows, 2 variables: 6.4 MB), whatever the model's size.

use std::sync::{Arc, Mutex};

use super::BatchError;
use super::sink::Sink;

/// The envelope widths drawn, widest first (each is the central `p`% of the runs).
pub const ENVELOPES: [f64; 4] = [100.0, 95.0, 75.0, 50.0];

/// One variable's bands: per saved time, the median and each envelope's (low, high).
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub name: String,
    pub median: Vec<f64>,
    /// `envelopes[k][t]`: the (low, high) of `ENVELOPES[k]` at saved time `t`.
    pub envelopes: Vec<Vec<(f64, f64)>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bands {
    pub time: Vec<f64>,
    pub bands: Vec<Band>,
    pub runs: usize,
}

/// The `q` quantile (0..=1) of sorted finite values, interpolating linearly between
/// order statistics (Hyndman and Fan's type 7, the default of R and NumPy).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Passes rows on to `inner` and gathers the band data; the result lands in `out`
/// when the batch finishes.
pub struct BandSink {
    inner: Box<dyn Sink>,
    names: Vec<String>,
    /// Column of `time` and of each chosen variable in a row.
    time_col: usize,
    var_cols: Vec<usize>,
    time: Vec<f64>,
    /// `values[v][t]`: variable `v`'s value at saved time `t`, one per run so far.
    values: Vec<Vec<Vec<f64>>>,
    current_run: Option<u64>,
    row_in_run: usize,
    runs: usize,
    out: Arc<Mutex<Option<Bands>>>,
}

impl BandSink {
    /// `vars` are column names of the table (the batch's `--vars`).
    pub fn new(inner: Box<dyn Sink>, vars: Vec<String>, out: Arc<Mutex<Option<Bands>>>) -> BandSink {
        let values = vec![Vec::new(); vars.len()];
        BandSink {
            inner,
            names: vars,
            time_col: 0,
            var_cols: Vec::new(),
            time: Vec::new(),
            values,
            current_run: None,
            row_in_run: 0,
            runs: 0,
            out,
        }
    }
}

impl Sink for BandSink {
    fn header(&mut self, columns: &[String]) -> Result<(), BatchError> {
        let find = |name: &str| {
            // The last match: a parameter column may carry the same name as an output.
            columns.iter().rposition(|c| c == name).ok_or_else(|| {
                BatchError::Usage(format!("--plot: the table has no `{name}` column (bands need every saved time)"))
            })
        };
        self.time_col = find("time")?;
        self.var_cols = self.names.iter().map(|n| find(n)).collect::<Result<_, _>>()?;
        self.inner.header(columns)
    }

    fn row(&mut self, run: u64, values: &[f64]) -> Result<(), BatchError> {
        if self.current_run != Some(run) {
            self.current_run = Some(run);
            self.row_in_run = 0;
            self.runs += 1;
        }
        let t = self.row_in_run;
        if self.runs == 1 {
            self.time.push(values[self.time_col]);
            for v in &mut self.values {
                v.push(Vec::new());
            }
        }
        for (v, &col) in self.var_cols.iter().enumerate() {
            if let Some(at_t) = self.values[v].get_mut(t) {
                at_t.push(values[col]);
            }
        }
        self.row_in_run += 1;
        self.inner.row(run, values)
    }

    fn finish(self: Box<Self>) -> Result<(), BatchError> {
        let this = *self;
        this.inner.finish()?;
        let bands = this
            .names
            .into_iter()
            .zip(this.values)
            .map(|(name, per_time)| {
                let mut median = Vec::with_capacity(per_time.len());
                let mut envelopes = vec![Vec::with_capacity(per_time.len()); ENVELOPES.len()];
                for mut at_t in per_time {
                    // A NaN has no rank; it is left out of the statistics.
                    at_t.retain(|v| !v.is_nan());
                    at_t.sort_by(f64::total_cmp);
                    median.push(quantile(&at_t, 0.5));
                    for (k, p) in ENVELOPES.iter().enumerate() {
                        let tail = (1.0 - p / 100.0) / 2.0;
                        envelopes[k].push((quantile(&at_t, tail), quantile(&at_t, 1.0 - tail)));
                    }
                }
                Band { name, median, envelopes }
            })
            .collect();
        let result = Bands { time: this.time, bands, runs: this.runs };
        *this.out.lock().map_err(|_| BatchError::Output("band data lock poisoned".into()))? = Some(result);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_between_order_statistics() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&v, 0.5), 3.0);
        assert_eq!(quantile(&v, 0.0), 1.0);
        assert_eq!(quantile(&v, 1.0), 5.0);
        assert_eq!(quantile(&v, 0.25), 2.0);
        assert_eq!(quantile(&[1.0, 2.0], 0.5), 1.5);
        assert!(quantile(&[], 0.5).is_nan());
    }
}
