//! The operations every backend can perform, one method each: the vocabulary in which
//! [`super::rules`] writes each inline rule once.
//!
//! A backend implements [`Ops`] (and [`Knots`] to read graphical-function tables) as a
//! thin adapter: the vm evaluates on `f64`s ([`super::eval::Eval`]), the jit emits one
//! Cranelift instruction per call, the wasm generator one wasm instruction per call. A
//! rule therefore runs as the same IEEE operations, in the same order, on every backend;
//! the adapters decide only how a value is held (a register, a local, a Rust `f64`).
//!
//! Every primitive is exact IEEE 754 (no fusing, no reassociation): each `FBin` and
//! `FUn` is one correctly rounded operation, each comparison the IEEE predicate.

/// A binary floating-point operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FBin {
    Add,
    Sub,
    Mul,
    Div,
    /// IEEE 754-2019 `minimum`: NaN if either operand is NaN, -0 below +0.
    Min,
    /// IEEE 754-2019 `maximum`: NaN if either operand is NaN, +0 above -0.
    Max,
    /// The magnitude of the first operand with the sign of the second.
    CopySign,
}

/// A unary floating-point operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FUn {
    Neg,
    /// Clears the sign bit (NaN included).
    Abs,
    /// Correctly rounded on every target; NaN below zero.
    Sqrt,
    Floor,
    /// Toward zero.
    Trunc,
}

/// An IEEE floating-point comparison. Every ordered predicate is false when an operand
/// is NaN; `Uno` is true exactly then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FCmp {
    Eq,
    /// Not equal, or unordered (true when an operand is NaN).
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// Unordered: either operand is NaN.
    Uno,
    /// Greater, or unordered (`!(a <= b)`).
    UGt,
}

/// A binary operation on 64-bit words (the bits of an f64), wrapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WBin {
    Sub,
    Xor,
}

/// An integer comparison (of words or of table indices).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ICmp {
    /// Signed greater or equal.
    SGe,
    /// Unsigned less or equal.
    ULe,
}

/// What a rule may do with values: `F` an f64, `B` a boolean, `W` a 64-bit word.
pub trait Ops {
    type F: Copy;
    type B: Copy;
    type W: Copy;

    fn f64(&mut self, v: f64) -> Self::F;
    fn fbin(&mut self, op: FBin, a: Self::F, b: Self::F) -> Self::F;
    fn fun(&mut self, op: FUn, a: Self::F) -> Self::F;
    fn fcmp(&mut self, cc: FCmp, a: Self::F, b: Self::F) -> Self::B;
    /// `c ? a : b`, both already computed.
    fn select(&mut self, c: Self::B, a: Self::F, b: Self::F) -> Self::F;
    /// 1.0 for true, 0.0 for false: how comparisons and logical operators return.
    fn one_if(&mut self, c: Self::B) -> Self::F;
    fn and(&mut self, a: Self::B, b: Self::B) -> Self::B;
    fn or(&mut self, a: Self::B, b: Self::B) -> Self::B;
    fn not(&mut self, a: Self::B) -> Self::B;
    /// The bits of `a`, as a word.
    fn bits(&mut self, a: Self::F) -> Self::W;
    fn word(&mut self, v: i64) -> Self::W;
    fn wbin(&mut self, op: WBin, a: Self::W, b: Self::W) -> Self::W;
    /// The absolute value of a signed word, wrapping (`i64::MIN` stays `i64::MIN`).
    fn wabs(&mut self, a: Self::W) -> Self::W;
    fn wcmp(&mut self, cc: ICmp, a: Self::W, b: Self::W) -> Self::B;
    /// `c ? then() : else_()`, evaluating only the arm taken (for values that must
    /// not be computed on the other path, such as a knot beyond the table).
    fn branch(
        &mut self,
        c: Self::B,
        then: impl FnOnce(&mut Self) -> Self::F,
        else_: impl FnOnce(&mut Self) -> Self::F,
    ) -> Self::F;
}

/// The most knots a halving search scans one by one at its end.
pub const LINEAR_WINDOW: i64 = 8;

/// Tables of more knots than this are searched by halving first (C-LEARN's 251-knot
/// tables: 2.2x fewer jit instructions a run); shorter ones by a plain forward scan,
/// which stops at its first hit sooner than halving's fixed probes (WORLD3's tables of 5
/// to 13 knots ran 8.5% more jit instructions when halved). Either search finds the same
/// knot: the choice is the cost's, never a value's.
pub const HALVING_ABOVE: usize = 16;

/// Reading one graphical-function table: `n` knots (at least one), `xs` non-decreasing
/// and finite (`Program::verify` checks both), indexed by `I`.
pub trait Knots: Ops {
    type I: Copy;

    /// The index `k` (a constant).
    fn index(&mut self, k: i64) -> Self::I;
    /// `n + k`, where `n` is the number of knots.
    fn n_plus(&mut self, k: i64) -> Self::I;
    /// `i + k`.
    fn offset(&mut self, i: Self::I, k: i64) -> Self::I;
    fn icmp(&mut self, cc: ICmp, a: Self::I, b: Self::I) -> Self::B;
    /// The index `i` as an f64 (exact: tables have far fewer than 2^53 knots).
    fn index_f64(&mut self, i: Self::I) -> Self::F;
    /// The index `v` truncated toward zero, where `0 <= v <= n` (the caller clamps, so
    /// no backend needs a rule for NaN or a value out of range).
    fn index_of(&mut self, v: Self::F) -> Self::I;
    fn x_at(&mut self, i: Self::I) -> Self::F;
    fn y_at(&mut self, i: Self::I) -> Self::F;
    /// The first `i` in `from..to` for which `pred(i)` holds, else `to` (`from <= to`),
    /// where `pred` is monotone over `from..to` (false, then true: it compares a knot's x,
    /// and the knots are sorted). Every backend searches the same way: a table of more
    /// than [`HALVING_ABOVE`] knots is first halved while `lo..hi` holds more than
    /// [`LINEAR_WINDOW`] knots (at `mid = lo + (hi - lo) / 2`, keeping `lo..mid` when
    /// `pred(mid)` holds and `mid + 1..hi` otherwise); then `lo..hi` is scanned forward.
    /// The index is the one a forward scan of the whole range finds, so the bits of a
    /// lookup do not depend on the search.
    fn find_first(&mut self, from: Self::I, to: Self::I, pred: impl FnMut(&mut Self, Self::I) -> Self::B) -> Self::I;
    /// As [`Knots::find_first`] where the caller knows that `pred` holds at some `i` in
    /// `from..to`: the same halvings, then a forward scan with no bound (it stops at a
    /// hit: `hi` is one, or the caller's knot). A backend may run off the table if the
    /// caller is wrong; the vm's indexing panics instead.
    fn scan(&mut self, from: Self::I, to: Self::I, pred: impl FnMut(&mut Self, Self::I) -> Self::B) -> Self::I;
}
