//! A random model as plain data, before it becomes XMILE text (`xmile.rs`).
//!
//! Why a structure and not text: proptest shrinks structures. Dropping a variable,
//! replacing an expression by one of its children or a number by a simpler one must
//! always leave a model the compiler accepts, so references are not names but raw
//! numbers ([`Expr::Ref`], [`Var::Stock`] flows, [`Var::Modules`] wires) resolved only
//! when the model is written, against the variables that may legally be read at that
//! point (`xmile.rs` says which). Shrinking can then remove anything.

/// One generated model: sim specs, standalone graphical functions, the submodel that
/// [`Var::Modules`] instances run, and the root's variables in order.
#[derive(Debug, Clone)]
pub struct RandomModel {
    pub specs: Specs,
    pub tables: Vec<Table>,
    pub sub: SubModel,
    pub vars: Vec<Var>,
}

#[derive(Debug, Clone)]
pub struct Specs {
    pub start: f64,
    pub dt: Dt,
    /// DT steps from start to stop.
    pub steps: u32,
    pub save: Save,
    /// `<sim_specs method=...>`: none (Euler), or "Euler", "RK2", "RK4".
    pub method: Option<&'static str>,
}

#[derive(Debug, Clone, Copy)]
pub enum Dt {
    /// `<dt>v</dt>`
    Plain(f64),
    /// `<dt reciprocal="true">n</dt>`: DT is `1/n`.
    Reciprocal(f64),
}

impl Dt {
    pub fn value(self) -> f64 {
        match self {
            Dt::Plain(v) => v,
            Dt::Reciprocal(n) => 1.0 / n,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Save {
    /// No save interval: every DT.
    EveryDt,
    /// `<savestep>` of this many DTs (not always whole: the engine rounds and warns).
    Step(f64),
    /// The same, written as Stella's `isee:save_interval` attribute.
    Attribute(f64),
}

/// A graphical function: its kind, its points (sorted by x when written; repeated xs
/// are kept) and whether the xs are written as an `<xscale>` (evenly spread) instead.
#[derive(Debug, Clone)]
pub struct Table {
    pub kind: TableKind,
    pub points: Vec<(f64, f64)>,
    pub xscale: Option<(f64, f64)>,
}

#[derive(Debug, Clone, Copy)]
pub enum TableKind {
    /// No `type` attribute.
    Default,
    Continuous,
    Extrapolate,
    Discrete,
    /// The older `discrete="true"` attribute.
    DiscreteAttr,
}

/// A root variable. Its name comes from its kind and position (`c3`, `a4`, `s5`...).
#[derive(Debug, Clone)]
pub enum Var {
    /// An aux whose equation is a number: an overridable constant.
    Const(f64),
    /// An aux; with `gf`, its value is the table read at the equation's value, and
    /// other equations may call it as a function. `init` is an `<init_eqn>`.
    Aux {
        eqn: Expr,
        gf: Option<Table>,
        init: Option<Expr>,
    },
    Flow {
        eqn: Expr,
        non_negative: bool,
    },
    /// A stock; `init` is its initial equation (a bare number is an overridable
    /// constant). Inflows and outflows are raw picks among the flows.
    Stock {
        init: Expr,
        inflows: Vec<u16>,
        outflows: Vec<u16>,
        non_negative: bool,
    },
    /// Instances of the submodel (`m3_0`, `m3_1`...); each one's input wired from a raw
    /// pick among the values readable here, or left unwired (its own equation applies).
    Modules {
        wires: Vec<Option<u16>>,
    },
}

impl Var {
    pub fn prefix(&self) -> &'static str {
        match self {
            Var::Const(_) => "c",
            Var::Aux { gf: None, .. } => "a",
            Var::Aux { gf: Some(_), .. } => "g",
            Var::Flow { .. } => "f",
            Var::Stock { .. } => "s",
            Var::Modules { .. } => "m",
        }
    }
}

/// The submodel `sub`: input `in` (a number when unwired), constant `k`, stock `acc`
/// fed by flow `rate`, auxes `x0`, `x1`... (`extra`: usually none or a few, sometimes
/// enough to make the jit call the submodel's code instead of inlining it), and output
/// `out`.
#[derive(Debug, Clone)]
pub struct SubModel {
    pub input_default: f64,
    pub k: f64,
    pub acc_init: f64,
    pub rate: Expr,
    pub extra: Vec<Expr>,
    pub out: Expr,
}

/// An equation, as a tree. Rendering writes it fully parenthesised.
#[derive(Debug, Clone)]
pub enum Expr {
    /// A finite number (negative ones are written `(-x)`).
    Num(f64),
    /// A raw pick among the values readable here (`xmile.rs`).
    Ref(u16),
    Global(Global),
    /// `PI`, `INF`, `NAN`, written as a name or as a call with no arguments.
    Named(Named, bool),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    Bin(BinOp, Box<Expr>, Box<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    /// A builtin; the strategy gives it a valid number of arguments.
    Call(Func, Vec<Expr>),
    /// A raw pick among the graphical functions.
    Lookup(Lookup, u16, Box<Expr>),
    Init(u16),
    /// `PREVIOUS(x)` or `PREVIOUS(x, init)`; `x` is a raw pick among all variables.
    Previous(u16, Option<Box<Expr>>),
    Std(StdCall),
    /// `DELAY(input, delay[, init])`, the pipeline delay.
    Delay(Box<Expr>, Box<Expr>, Option<Box<Expr>>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Global {
    Time,
    Dt,
    StartTime,
    StopTime,
}

#[derive(Debug, Clone, Copy)]
pub enum Named {
    Pi,
    Inf,
    Nan,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Mod,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

impl BinOp {
    pub const ALL: [BinOp; 14] = [
        BinOp::Add,
        BinOp::Sub,
        BinOp::Mul,
        BinOp::Div,
        BinOp::Pow,
        BinOp::Mod,
        BinOp::Eq,
        BinOp::Ne,
        BinOp::Lt,
        BinOp::Le,
        BinOp::Gt,
        BinOp::Ge,
        BinOp::And,
        BinOp::Or,
    ];

    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Pow => "^",
            BinOp::Mod => "MOD",
            BinOp::Eq => "=",
            BinOp::Ne => "<>",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::And => "AND",
            BinOp::Or => "OR",
        }
    }
}

/// Builtins called with ordinary arguments.
#[derive(Debug, Clone, Copy)]
pub enum Func {
    Abs,
    Sqrt,
    Exp,
    Ln,
    Log10,
    Sin,
    Cos,
    Tan,
    Arcsin,
    Arccos,
    Arctan,
    Sinh,
    Cosh,
    Tanh,
    Int,
    Round,
    Sign,
    Min,
    Max,
    Mean,
    SafeDiv,
    Modulo,
    Step,
    Ramp,
    Pulse,
    Random,
    Normal,
    LogNormal,
    Poisson,
    Exprnd,
    Beta,
    Binomial,
    Gamma,
    Geometric,
    Logistic,
    NegBinomial,
    Pareto,
    Triangular,
    Weibull,
}

impl Func {
    pub const UNARY: [Func; 17] = [
        Func::Abs,
        Func::Sqrt,
        Func::Exp,
        Func::Ln,
        Func::Log10,
        Func::Sin,
        Func::Cos,
        Func::Tan,
        Func::Arcsin,
        Func::Arccos,
        Func::Arctan,
        Func::Sinh,
        Func::Cosh,
        Func::Tanh,
        Func::Int,
        Func::Round,
        Func::Sign,
    ];

    /// The random functions (any arguments: a draw of NaN or of nonsense parameters is
    /// NaN, the same on every backend).
    pub const RANDOM: [Func; 14] = [
        Func::Random,
        Func::Normal,
        Func::LogNormal,
        Func::Poisson,
        Func::Exprnd,
        Func::Beta,
        Func::Binomial,
        Func::Gamma,
        Func::Geometric,
        Func::Logistic,
        Func::NegBinomial,
        Func::Pareto,
        Func::Triangular,
        Func::Weibull,
    ];

    /// A random function's parameter count (one more argument is its own seed).
    pub fn random_params(self) -> usize {
        match self {
            Func::Poisson | Func::Exprnd | Func::Geometric => 1,
            Func::Triangular => 3,
            _ => 2,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Func::Abs => "ABS",
            Func::Sqrt => "SQRT",
            Func::Exp => "EXP",
            Func::Ln => "LN",
            Func::Log10 => "LOG10",
            Func::Sin => "SIN",
            Func::Cos => "COS",
            Func::Tan => "TAN",
            Func::Arcsin => "ARCSIN",
            Func::Arccos => "ARCCOS",
            Func::Arctan => "ARCTAN",
            Func::Sinh => "SINH",
            Func::Cosh => "COSH",
            Func::Tanh => "TANH",
            Func::Int => "INT",
            Func::Round => "ROUND",
            Func::Sign => "SIGN",
            Func::Min => "MIN",
            Func::Max => "MAX",
            Func::Mean => "MEAN",
            Func::SafeDiv => "SAFEDIV",
            Func::Modulo => "MODULO",
            Func::Step => "STEP",
            Func::Ramp => "RAMP",
            Func::Pulse => "PULSE",
            Func::Random => "RANDOM",
            Func::Normal => "NORMAL",
            Func::LogNormal => "LOGNORMAL",
            Func::Poisson => "POISSON",
            Func::Exprnd => "EXPRND",
            Func::Beta => "BETA",
            Func::Binomial => "BINOMIAL",
            Func::Gamma => "GAMMA",
            Func::Geometric => "GEOMETRIC",
            Func::Logistic => "LOGISTIC",
            Func::NegBinomial => "NEGBINOMIAL",
            Func::Pareto => "PARETO",
            Func::Triangular => "TRIANGULAR",
            Func::Weibull => "WEIBULL",
        }
    }
}

/// How a graphical function is read.
#[derive(Debug, Clone, Copy)]
pub enum Lookup {
    /// `g(x)`
    Call,
    /// `LOOKUP(g, x)`
    Plain,
    Forward,
    Backward,
}

/// A stdlib call. `args` are the arguments after the input, in order, without the
/// order of SMTHN/DELAYN (`order`); trailing optional ones may be absent.
#[derive(Debug, Clone)]
pub struct StdCall {
    pub func: StdFunc,
    pub input: Box<Expr>,
    pub args: Vec<Expr>,
    pub order: u8,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StdFunc {
    Smth1,
    Smth3,
    SmthN,
    Delay1,
    Delay3,
    DelayN,
    Trend,
    Forcst,
    Npv,
}

impl StdFunc {
    pub fn name(self) -> &'static str {
        match self {
            StdFunc::Smth1 => "SMTH1",
            StdFunc::Smth3 => "SMTH3",
            StdFunc::SmthN => "SMTHN",
            StdFunc::Delay1 => "DELAY1",
            StdFunc::Delay3 => "DELAY3",
            StdFunc::DelayN => "DELAYN",
            StdFunc::Trend => "TREND",
            StdFunc::Forcst => "FORCST",
            StdFunc::Npv => "NPV",
        }
    }

    /// Required and optional arguments after the input (the order not counted).
    pub fn arity(self) -> (usize, usize) {
        match self {
            StdFunc::Smth1 | StdFunc::Smth3 | StdFunc::SmthN => (1, 2),
            StdFunc::Delay1 | StdFunc::Delay3 | StdFunc::DelayN => (1, 2),
            StdFunc::Trend => (1, 2),
            StdFunc::Forcst => (2, 3),
            StdFunc::Npv => (1, 3),
        }
    }

    /// Whether the order is written as the third argument.
    pub fn has_order(self) -> bool {
        matches!(self, StdFunc::SmthN | StdFunc::DelayN)
    }

    /// Whether, with an explicit initial value, the output never depends on the
    /// input in the same step (a smooth's or a delay's stocks stand between), so the
    /// input may read any variable, later ones and the caller itself included.
    pub fn input_may_loop(self, args: usize) -> bool {
        let has_init = args >= 2;
        has_init
            && matches!(
                self,
                StdFunc::Smth1 | StdFunc::Smth3 | StdFunc::SmthN | StdFunc::Delay1 | StdFunc::Delay3 | StdFunc::DelayN
            )
    }
}
