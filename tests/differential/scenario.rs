//! Random live-state scenarios: what a host does to a running simulation (override a
//! constant, run to a time, run to the end, reset, clear the overrides), so that the
//! live-state contract is compared on every backend and not only whole runs.
//!
//! Like models, scenarios are generated as raw choices ([`Op`]) and resolved against
//! the compiled program's layout ([`Action`]), so shrinking a model never leaves a
//! scenario pointing nowhere.

use std::fmt;

use millrace::Program;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use super::strategy::number;

#[derive(Debug, Clone)]
pub struct Scenario {
    pub ops: Vec<Op>,
}

#[derive(Debug, Clone)]
pub enum Op {
    RunToEnd,
    RunTo(When),
    Set(Target, f64),
    Reset,
    ClearValues,
}

/// Which slot a `set_value` aims at.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// A raw pick among the overridable constants.
    Constant(u16),
    /// A raw pick among all slots (mostly not overridable: an error on every backend).
    AnySlot(u16),
    /// A slot past the end (an error on every backend).
    OutOfRange(u8),
}

#[derive(Debug, Clone, Copy)]
pub enum When {
    /// `start + k * DT` (also before the start and beyond the end).
    Step(i32),
    /// `start + f * (stop - start)`.
    Fraction(f64),
    Nan,
    Inf,
    NegInf,
}

/// A scenario resolved against a program: what is actually called.
#[derive(Debug, Clone, Copy)]
pub enum Action {
    RunToEnd,
    RunTo(f64),
    Set(u32, f64),
    Reset,
    ClearValues,
}

pub fn scenario() -> impl Strategy<Value = Scenario> {
    vec(op(), 0..=10).prop_map(|ops| Scenario { ops })
}

fn op() -> impl Strategy<Value = Op> {
    let when = prop_oneof![
        4 => (-3i32..=70).prop_map(When::Step),
        3 => (-0.5..1.5f64).prop_map(When::Fraction),
        1 => select(vec![When::Nan, When::Inf, When::NegInf]),
    ];
    let target = prop_oneof![
        8 => any::<u16>().prop_map(Target::Constant),
        1 => any::<u16>().prop_map(Target::AnySlot),
        1 => (0u8..3).prop_map(Target::OutOfRange),
    ];
    let value = prop_oneof![
        8 => number(),
        1 => select(vec![f64::NAN, f64::INFINITY, f64::NEG_INFINITY]),
    ];
    prop_oneof![
        3 => Just(Op::RunToEnd),
        4 => when.prop_map(Op::RunTo),
        4 => (target, value).prop_map(|(t, v)| Op::Set(t, v)),
        1 => Just(Op::Reset),
        1 => Just(Op::ClearValues),
    ]
}

impl Scenario {
    pub fn resolve(&self, program: &Program) -> Vec<Action> {
        let layout = &program.layout;
        let constants: Vec<u32> = (0..layout.n_slots).filter(|&s| layout.overridable[s as usize]).collect();
        let specs = &program.specs;
        let slot = |t: Target| match t {
            Target::Constant(k) if !constants.is_empty() => constants[k as usize % constants.len()],
            Target::Constant(k) | Target::AnySlot(k) => u32::from(k) % layout.n_slots.max(1),
            Target::OutOfRange(k) => layout.n_slots + u32::from(k),
        };
        let time = |w: When| match w {
            When::Step(k) => specs.start + f64::from(k) * specs.dt,
            When::Fraction(f) => specs.start + f * (specs.stop - specs.start),
            When::Nan => f64::NAN,
            When::Inf => f64::INFINITY,
            When::NegInf => f64::NEG_INFINITY,
        };
        self.ops
            .iter()
            .map(|op| match *op {
                Op::RunToEnd => Action::RunToEnd,
                Op::RunTo(w) => Action::RunTo(time(w)),
                Op::Set(t, v) => Action::Set(slot(t), v),
                Op::Reset => Action::Reset,
                Op::ClearValues => Action::ClearValues,
            })
            .collect()
    }
}

/// An action with the name of the slot it sets.
pub struct Named<'a>(pub &'a Action, pub &'a Program);

impl fmt::Display for Named<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self.0 {
            Action::RunToEnd => write!(f, "run_to_end()"),
            Action::RunTo(t) => write!(f, "run_to({t:?})"),
            Action::Set(slot, v) => write!(f, "set_value(slot {slot} `{}`, {v:?})", slot_name(self.1, slot)),
            Action::Reset => write!(f, "reset()"),
            Action::ClearValues => write!(f, "clear_values()"),
        }
    }
}

/// The variable stored at `slot`, or what the slot is.
pub fn slot_name(program: &Program, slot: u32) -> String {
    let root = program.module(program.root);
    match (program.layout.var_at(slot), root.slot_names.get(slot as usize)) {
        (Some(v), _) => v.name.clone(),
        _ if slot >= program.layout.n_slots => "(out of range)".into(),
        (None, Some(internal)) if !internal.is_empty() => format!("(internal) {internal}"),
        _ => "(internal)".into(),
    }
}
