//! A census of the generated cases: how many models have each feature and how many
//! scenarios make each kind of call. Printed with every summary, it shows at a glance
//! whether the generator's probabilities still cover everything (a feature at 0% is a
//! generator that stopped testing it).

use std::sync::atomic::{AtomicU64, Ordering};

use super::fuzz::Case;
use super::scenario::Op;
use super::xmile::render;

/// How many generated models contain each feature (a sanity check of the generator's
/// probabilities, printed with the summary).
pub struct Census {
    counts: Vec<AtomicU64>,
}

/// (label, whether a model's XMILE text has it)
type Feature = (&'static str, fn(&str) -> bool);

const FEATURES: &[Feature] = &[
    ("stocks", |t| t.contains("<stock")),
    ("stock with 2+ flows", |t| {
        t.split("<stock").skip(1).any(|s| s.split("</stock>").next().is_some_and(|s| s.matches("flow>").count() >= 4))
    }),
    ("non-negative stock or flow", |t| t.contains("<non_negative/>")),
    ("graphical function (standalone)", |t| t.contains("<gf name")),
    ("graphical function (on an aux)", |t| ["<gf>", "<gf type", "<gf discrete"].iter().any(|n| t.contains(n))),
    ("LOOKUP / LOOKUP_FORWARD / BACKWARD", |t| t.contains("LOOKUP")),
    ("module instance", |t| t.contains("<module")),
    ("2+ module instances", |t| t.matches("<module").count() >= 2),
    ("submodel of 64+ auxes (jit calls it)", |t| t.contains("<module") && t.contains("<aux name=\"x63\"")),
    ("SMTH1 / SMTH3 / SMTHN", |t| t.contains("SMTH")),
    ("DELAY1 / DELAY3 / DELAYN", |t| ["DELAY1(", "DELAY3(", "DELAYN("].iter().any(|n| t.contains(n))),
    ("DELAY (pipeline)", |t| t.contains("DELAY(")),
    ("TREND / FORCST / NPV", |t| ["TREND(", "FORCST(", "NPV("].iter().any(|n| t.contains(n))),
    ("PREVIOUS", |t| t.contains("PREVIOUS(")),
    ("INIT", |t| t.contains("INIT(")),
    ("<init_eqn>", |t| t.contains("<init_eqn>")),
    ("IF THEN ELSE", |t| t.contains("IF ")),
    ("values a few ULPs apart compared", |t| t.contains(" * 1.000000000000") || t.contains(" * 0.99999999999999")),
    ("STEP / RAMP / PULSE", |t| ["STEP(", "RAMP(", "PULSE("].iter().any(|n| t.contains(n))),
    ("NaN or infinity from a division", |t| t.contains(" / 0.0)") || t.contains(" / (-0.0))")),
    ("reciprocal dt", |t| t.contains("reciprocal")),
    ("save interval", |t| t.contains("savestep") || t.contains("save_interval")),
    ("RK2", |t| t.contains("method=\"RK2\"")),
    ("RK4", |t| t.contains("method=\"RK4\"")),
];

/// Scenario features, by operation.
const OPS: &[&str] = &["run_to_end", "run_to", "set_value", "reset", "clear_values"];

impl Default for Census {
    fn default() -> Self {
        Census { counts: (0..FEATURES.len() + OPS.len()).map(|_| AtomicU64::new(0)).collect() }
    }
}

impl Census {
    pub fn count(&self, case: &Case) {
        let text = render(&case.model);
        for (i, (_, has)) in FEATURES.iter().enumerate() {
            if has(&text) {
                self.counts[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        for (k, _) in OPS.iter().enumerate() {
            let hit = case.scenario.ops.iter().any(|op| {
                matches!(
                    (k, op),
                    (0, Op::RunToEnd) | (1, Op::RunTo(_)) | (2, Op::Set(..)) | (3, Op::Reset) | (4, Op::ClearValues)
                )
            });
            if hit {
                self.counts[FEATURES.len() + k].fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    pub fn totals(&self) -> Vec<(&'static str, u64)> {
        let labels = FEATURES.iter().map(|(l, _)| *l).chain(OPS.iter().copied());
        labels.zip(&self.counts).map(|(l, c)| (l, c.load(Ordering::Relaxed))).collect()
    }
}
