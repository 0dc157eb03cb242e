//! The stdlib: SMTH1, SMTH3, SMTHN, DELAY1, DELAY3, DELAYN, TREND, FORCST and NPV are
//! XMILE models, written here as XMILE text and read by the ordinary reader. A call
//! becomes an implicit instance of the function's model (one per call site), its
//! arguments wired to the model's inputs; the call's value is the model's `output`.
//! Arguments left out leave their input unwired, so its default equation applies.
//! (DELAY, the pipeline delay, is not a model: see `Stmt::PipelineInit`.)

use std::fmt::Write as _;

use crate::datamodel::Model;

/// The model behind a stdlib function; orders are part of the identity because they
/// change the structure (the number of stocks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum StdModel {
    Smooth(u32),
    Delay(u32),
    Trend,
    Forecast,
    Npv,
}

/// A stdlib function as it is called.
pub(crate) struct StdFn {
    /// Canonical name.
    pub name: &'static str,
    pub min_args: usize,
    pub max_args: usize,
    /// The argument that fixes the order (SMTHN, DELAYN), if any.
    pub order_arg: Option<usize>,
    /// The fixed order (SMTH1: 1, DELAY3: 3...) when there is no order argument.
    pub order: u32,
    /// The inputs the other arguments feed, in argument order.
    pub inputs: &'static [&'static str],
    pub model: fn(u32) -> StdModel,
}

impl StdFn {
    /// The input each argument feeds (`None` for the order argument).
    pub fn input_of(&self, arg: usize) -> Option<&'static str> {
        match self.order_arg {
            Some(o) if arg == o => None,
            Some(o) if arg > o => self.inputs.get(arg - 1).copied(),
            _ => self.inputs.get(arg).copied(),
        }
    }
}

const SMOOTH_INPUTS: &[&str] = &["input", "averaging_time", "initial_value"];
const DELAY_INPUTS: &[&str] = &["input", "delay_time", "initial_value"];

static FUNCTIONS: &[StdFn] = &[
    StdFn {
        name: "smth1",
        min_args: 2,
        max_args: 3,
        order_arg: None,
        order: 1,
        inputs: SMOOTH_INPUTS,
        model: StdModel::Smooth,
    },
    StdFn {
        name: "smth3",
        min_args: 2,
        max_args: 3,
        order_arg: None,
        order: 3,
        inputs: SMOOTH_INPUTS,
        model: StdModel::Smooth,
    },
    StdFn {
        name: "smthn",
        min_args: 3,
        max_args: 4,
        order_arg: Some(2),
        order: 0,
        inputs: SMOOTH_INPUTS,
        model: StdModel::Smooth,
    },
    StdFn {
        name: "delay1",
        min_args: 2,
        max_args: 3,
        order_arg: None,
        order: 1,
        inputs: DELAY_INPUTS,
        model: StdModel::Delay,
    },
    StdFn {
        name: "delay3",
        min_args: 2,
        max_args: 3,
        order_arg: None,
        order: 3,
        inputs: DELAY_INPUTS,
        model: StdModel::Delay,
    },
    StdFn {
        name: "delayn",
        min_args: 3,
        max_args: 4,
        order_arg: Some(2),
        order: 0,
        inputs: DELAY_INPUTS,
        model: StdModel::Delay,
    },
    StdFn {
        name: "trend",
        min_args: 2,
        max_args: 3,
        order_arg: None,
        order: 0,
        inputs: &["input", "averaging_time", "initial_trend"],
        model: |_| StdModel::Trend,
    },
    StdFn {
        name: "forcst",
        min_args: 3,
        max_args: 4,
        order_arg: None,
        order: 0,
        inputs: &["input", "averaging_time", "horizon", "initial_trend"],
        model: |_| StdModel::Forecast,
    },
    StdFn {
        name: "npv",
        min_args: 2,
        max_args: 4,
        order_arg: None,
        order: 0,
        inputs: &["stream", "discount_rate", "initial_value", "factor"],
        model: |_| StdModel::Npv,
    },
];

/// The stdlib function of this canonical name.
pub(crate) fn find(canonical: &str) -> Option<&'static StdFn> {
    FUNCTIONS.iter().find(|f| f.name == canonical)
}

/// The largest order SMTHN and DELAYN accept (each order is a stock).
pub(crate) const MAX_ORDER: u32 = 10_000;

impl StdModel {
    pub fn display(self) -> String {
        match self {
            StdModel::Smooth(n) => format!("smooth{n}"),
            StdModel::Delay(n) => format!("delay{n}"),
            StdModel::Trend => "trend".into(),
            StdModel::Forecast => "forcst".into(),
            StdModel::Npv => "npv".into(),
        }
    }

    /// The model, read from its XMILE text.
    pub fn model(self) -> Result<Model, String> {
        let text = self.xmile();
        let project = crate::xmile::read_str(&text, "<stdlib>").map_err(|e| e.to_string())?;
        project.models.into_iter().next().ok_or_else(|| "the stdlib text has no model".to_owned())
    }

    fn xmile(self) -> String {
        let body = match self {
            StdModel::Smooth(n) => smooth(n),
            StdModel::Delay(n) => delay(n),
            StdModel::Trend => TREND.to_owned(),
            StdModel::Forecast => FORECAST.to_owned(),
            StdModel::Npv => NPV.to_owned(),
        };
        format!(
            "<xmile><sim_specs><start>0</start><stop>1</stop><dt>1</dt></sim_specs>\n\
             <model name=\"{}\"><variables>\n{body}</variables></model></xmile>",
            self.display()
        )
    }
}

/// SMTHn: `n` first-order stages, each `averaging_time / n`; every stage starts at
/// `initial_value` (default: the input); the output is the last stage.
fn smooth(n: u32) -> String {
    let mut s = String::from(
        "<aux name=\"input\" access=\"input\"/>\n\
         <aux name=\"averaging_time\" access=\"input\"/>\n\
         <aux name=\"initial_value\" access=\"input\"><eqn>input</eqn></aux>\n",
    );
    let _ = writeln!(s, "<aux name=\"stage_time\"><eqn>averaging_time / {n}</eqn></aux>");
    let stage = |k: u32| if k == n { "output".to_owned() } else { format!("stage_{k}") };
    for k in 1..=n {
        let from = if k == 1 { "input".to_owned() } else { stage(k - 1) };
        let _ = writeln!(
            s,
            "<stock name=\"{}\"><eqn>initial_value</eqn><inflow>change_{k}</inflow></stock>\n\
             <flow name=\"change_{k}\"><eqn>({from} - {}) / stage_time</eqn></flow>",
            stage(k),
            stage(k)
        );
    }
    s
}

/// DELAYn: `n` stages of `delay_time / n` each, every stage starting with
/// `initial_value * stage_time` (default: the input's); the output is the last outflow.
fn delay(n: u32) -> String {
    let mut s = String::from(
        "<aux name=\"input\" access=\"input\"/>\n\
         <aux name=\"delay_time\" access=\"input\"/>\n\
         <aux name=\"initial_value\" access=\"input\"><eqn>input</eqn></aux>\n",
    );
    let _ = writeln!(s, "<aux name=\"stage_time\"><eqn>delay_time / {n}</eqn></aux>");
    let outflow = |k: u32| if k == n { "output".to_owned() } else { format!("outflow_{k}") };
    for k in 1..=n {
        let inflow = if k == 1 { "inflow".to_owned() } else { outflow(k - 1) };
        let _ = writeln!(
            s,
            "<stock name=\"stage_{k}\"><eqn>initial_value * stage_time</eqn>\
             <inflow>{inflow}</inflow><outflow>{}</outflow></stock>\n\
             <flow name=\"{}\"><eqn>stage_{k} / stage_time</eqn></flow>",
            outflow(k),
            outflow(k)
        );
    }
    s.push_str("<flow name=\"inflow\"><eqn>input</eqn></flow>\n");
    s
}

/// TREND: the fractional rate of change of the input against its first-order average.
const TREND: &str = r#"<aux name="input" access="input"/>
<aux name="averaging_time" access="input"/>
<aux name="initial_trend" access="input"><eqn>0</eqn></aux>
<stock name="average"><eqn>input / (1 + initial_trend * averaging_time)</eqn><inflow>change</inflow></stock>
<flow name="change"><eqn>(input - average) / averaging_time</eqn></flow>
<aux name="output"><eqn>(input - average) / (average * averaging_time)</eqn></aux>
"#;

/// FORCST: the input extrapolated `horizon` ahead along its TREND.
const FORECAST: &str = r#"<aux name="input" access="input"/>
<aux name="averaging_time" access="input"/>
<aux name="horizon" access="input"/>
<aux name="initial_trend" access="input"><eqn>0</eqn></aux>
<stock name="average"><eqn>input / (1 + initial_trend * averaging_time)</eqn><inflow>change</inflow></stock>
<flow name="change"><eqn>(input - average) / averaging_time</eqn></flow>
<aux name="trend"><eqn>(input - average) / (average * averaging_time)</eqn></aux>
<aux name="output"><eqn>input * (1 + trend * horizon)</eqn></aux>
"#;

/// NPV: the stream discounted by a factor that falls by `1 / (1 + rate * DT)` each DT,
/// accumulated; the value includes the current step's discounted stream, times `factor`
/// (Vensim's definition, as PySD implements it).
const NPV: &str = r#"<aux name="stream" access="input"/>
<aux name="discount_rate" access="input"/>
<aux name="initial_value" access="input"><eqn>0</eqn></aux>
<aux name="factor" access="input"><eqn>1</eqn></aux>
<stock name="discount_factor"><eqn>1</eqn><outflow>discounting</outflow></stock>
<flow name="discounting"><eqn>discount_factor * discount_rate / (1 + discount_rate * DT)</eqn></flow>
<stock name="accumulated"><eqn>initial_value / factor</eqn><inflow>accumulating</inflow></stock>
<flow name="accumulating"><eqn>stream * discount_factor</eqn></flow>
<aux name="output"><eqn>(accumulated + stream * discount_factor) * factor</eqn></aux>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stdlib_model_reads() {
        for m in [
            StdModel::Smooth(1),
            StdModel::Smooth(3),
            StdModel::Smooth(7),
            StdModel::Delay(1),
            StdModel::Delay(3),
            StdModel::Delay(5),
            StdModel::Trend,
            StdModel::Forecast,
            StdModel::Npv,
        ] {
            let model = m.model().unwrap_or_else(|e| panic!("{m:?}: {e}"));
            assert!(model.variables.iter().any(|v| v.name == "output"), "{m:?} has an output");
        }
    }

    #[test]
    fn arguments_map_to_inputs_around_the_order() {
        let smthn = find("smthn").unwrap();
        assert_eq!(smthn.input_of(0), Some("input"));
        assert_eq!(smthn.input_of(1), Some("averaging_time"));
        assert_eq!(smthn.input_of(2), None);
        assert_eq!(smthn.input_of(3), Some("initial_value"));
        assert_eq!(find("delay3").unwrap().input_of(2), Some("initial_value"));
    }
}
