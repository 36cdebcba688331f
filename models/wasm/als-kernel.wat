;; The iALS hot loops of models/als-solve.ts in WebAssembly SIMD (f32x4), for any k.
;;
;; The same math per row as the JavaScript kernel (the same steps, not the same rounding): the
;; conjugate gradient of Hu, Koren & Volinsky (2008) eq. 4, A = YᵀY + λI + Σ (c − 1) y yᵀ applied
;; matrix-free, warm-started from the current row, and the per-chunk YᵀY partials. The difference
;; is precision: vectors and products are float32 (the factors are float32 anyway), dot products
;; sum in several four-lane accumulators (reduced in float64 where they feed the CG scalars α and
;; β, in float32 inside the sparse pass), and the CG scalars are float64.
;;
;; Every pointer is a byte offset into the imported memory, which the caller shares between
;; threads: nothing here keeps state, so any split of rows or chunks over threads gives
;; bit-identical results. Loops run over whole 16-float blocks, then 4-float blocks, then scalars,
;; so k need not be a multiple of anything; v128 loads may be unaligned (k odd) and still correct.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Σ a[f]·b[f] over k floats.
  (func $dot (param $a i32) (param $b i32) (param $k i32) (result f64)
    (local $i i32) (local $end i32) (local $t f64)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local.set $end (i32.shl (i32.and (local.get $k) (i32.const -16)) (i32.const 2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul
        (v128.load (i32.add (local.get $a) (local.get $i)))
        (v128.load (i32.add (local.get $b) (local.get $i))))))
      (local.set $s1 (f32x4.add (local.get $s1) (f32x4.mul
        (v128.load offset=16 (i32.add (local.get $a) (local.get $i)))
        (v128.load offset=16 (i32.add (local.get $b) (local.get $i))))))
      (local.set $s2 (f32x4.add (local.get $s2) (f32x4.mul
        (v128.load offset=32 (i32.add (local.get $a) (local.get $i)))
        (v128.load offset=32 (i32.add (local.get $b) (local.get $i))))))
      (local.set $s3 (f32x4.add (local.get $s3) (f32x4.mul
        (v128.load offset=48 (i32.add (local.get $a) (local.get $i)))
        (v128.load offset=48 (i32.add (local.get $b) (local.get $i))))))
      (local.set $i (i32.add (local.get $i) (i32.const 64)))
      (br $next)))
    (local.set $end (i32.shl (i32.and (local.get $k) (i32.const -4)) (i32.const 2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul
        (v128.load (i32.add (local.get $a) (local.get $i)))
        (v128.load (i32.add (local.get $b) (local.get $i))))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $next)))
    (local.set $s0 (f32x4.add
      (f32x4.add (local.get $s0) (local.get $s1))
      (f32x4.add (local.get $s2) (local.get $s3))))
    (local.set $t (f64.add
      (f64.add
        (f64.promote_f32 (f32x4.extract_lane 0 (local.get $s0)))
        (f64.promote_f32 (f32x4.extract_lane 1 (local.get $s0))))
      (f64.add
        (f64.promote_f32 (f32x4.extract_lane 2 (local.get $s0)))
        (f64.promote_f32 (f32x4.extract_lane 3 (local.get $s0))))))
    (local.set $end (i32.shl (local.get $k) (i32.const 2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $t (f64.add (local.get $t) (f64.promote_f32 (f32.mul
        (f32.load (i32.add (local.get $a) (local.get $i)))
        (f32.load (i32.add (local.get $b) (local.get $i)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $next)))
    (local.get $t))

  ;; out[f] += alpha · y[f] over k floats.
  (func $axpy (param $alpha f32) (param $y i32) (param $out i32) (param $k i32)
    (local $i i32) (local $end i32) (local $s v128) (local $o i32)
    (local.set $s (f32x4.splat (local.get $alpha)))
    (local.set $end (i32.shl (i32.and (local.get $k) (i32.const -16)) (i32.const 2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $o (i32.add (local.get $out) (local.get $i)))
      (v128.store (local.get $o) (f32x4.add (v128.load (local.get $o))
        (f32x4.mul (local.get $s) (v128.load (i32.add (local.get $y) (local.get $i))))))
      (v128.store offset=16 (local.get $o) (f32x4.add (v128.load offset=16 (local.get $o))
        (f32x4.mul (local.get $s) (v128.load offset=16 (i32.add (local.get $y) (local.get $i))))))
      (v128.store offset=32 (local.get $o) (f32x4.add (v128.load offset=32 (local.get $o))
        (f32x4.mul (local.get $s) (v128.load offset=32 (i32.add (local.get $y) (local.get $i))))))
      (v128.store offset=48 (local.get $o) (f32x4.add (v128.load offset=48 (local.get $o))
        (f32x4.mul (local.get $s) (v128.load offset=48 (i32.add (local.get $y) (local.get $i))))))
      (local.set $i (i32.add (local.get $i) (i32.const 64)))
      (br $next)))
    (local.set $end (i32.shl (i32.and (local.get $k) (i32.const -4)) (i32.const 2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $o (i32.add (local.get $out) (local.get $i)))
      (v128.store (local.get $o) (f32x4.add (v128.load (local.get $o))
        (f32x4.mul (local.get $s) (v128.load (i32.add (local.get $y) (local.get $i))))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $next)))
    (local.set $end (i32.shl (local.get $k) (i32.const 2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $o (i32.add (local.get $out) (local.get $i)))
      (f32.store (local.get $o) (f32.add (f32.load (local.get $o))
        (f32.mul (local.get $alpha) (f32.load (i32.add (local.get $y) (local.get $i))))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $next)))
  )

  ;; out = sign · G v for the symmetric k × k matrix G, as Σ_b (sign·v[b]) · G[b, ·]: each pass
  ;; over b keeps 16 outputs in four registers.
  (func $matvec (param $g i32) (param $v i32) (param $out i32) (param $k i32) (param $sign f32)
    (local $j i32) (local $b i32) (local $row i32) (local $kb i32) (local $end i32)
    (local $s v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $acc f32)
    (local.set $kb (i32.shl (local.get $k) (i32.const 2)))
    (local.set $end (i32.shl (i32.and (local.get $k) (i32.const -16)) (i32.const 2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $j) (local.get $end)))
      (local.set $a0 (v128.const i32x4 0 0 0 0))
      (local.set $a1 (v128.const i32x4 0 0 0 0))
      (local.set $a2 (v128.const i32x4 0 0 0 0))
      (local.set $a3 (v128.const i32x4 0 0 0 0))
      (local.set $row (i32.add (local.get $g) (local.get $j)))
      (local.set $b (i32.const 0))
      (block $rows (loop $nextRow
        (br_if $rows (i32.ge_u (local.get $b) (local.get $kb)))
        (local.set $s (f32x4.splat (f32.mul (local.get $sign)
          (f32.load (i32.add (local.get $v) (local.get $b))))))
        (local.set $a0 (f32x4.add (local.get $a0)
          (f32x4.mul (local.get $s) (v128.load (local.get $row)))))
        (local.set $a1 (f32x4.add (local.get $a1)
          (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $row)))))
        (local.set $a2 (f32x4.add (local.get $a2)
          (f32x4.mul (local.get $s) (v128.load offset=32 (local.get $row)))))
        (local.set $a3 (f32x4.add (local.get $a3)
          (f32x4.mul (local.get $s) (v128.load offset=48 (local.get $row)))))
        (local.set $row (i32.add (local.get $row) (local.get $kb)))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (br $nextRow)))
      (v128.store (i32.add (local.get $out) (local.get $j)) (local.get $a0))
      (v128.store offset=16 (i32.add (local.get $out) (local.get $j)) (local.get $a1))
      (v128.store offset=32 (i32.add (local.get $out) (local.get $j)) (local.get $a2))
      (v128.store offset=48 (i32.add (local.get $out) (local.get $j)) (local.get $a3))
      (local.set $j (i32.add (local.get $j) (i32.const 64)))
      (br $next)))
    (local.set $end (i32.shl (i32.and (local.get $k) (i32.const -4)) (i32.const 2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $j) (local.get $end)))
      (local.set $a0 (v128.const i32x4 0 0 0 0))
      (local.set $row (i32.add (local.get $g) (local.get $j)))
      (local.set $b (i32.const 0))
      (block $rows (loop $nextRow
        (br_if $rows (i32.ge_u (local.get $b) (local.get $kb)))
        (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul
          (f32x4.splat (f32.mul (local.get $sign) (f32.load (i32.add (local.get $v) (local.get $b)))))
          (v128.load (local.get $row)))))
        (local.set $row (i32.add (local.get $row) (local.get $kb)))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (br $nextRow)))
      (v128.store (i32.add (local.get $out) (local.get $j)) (local.get $a0))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br $next)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $j) (local.get $kb)))
      (local.set $acc (f32.const 0))
      (local.set $row (i32.add (local.get $g) (local.get $j)))
      (local.set $b (i32.const 0))
      (block $rows (loop $nextRow
        (br_if $rows (i32.ge_u (local.get $b) (local.get $kb)))
        (local.set $acc (f32.add (local.get $acc) (f32.mul
          (f32.mul (local.get $sign) (f32.load (i32.add (local.get $v) (local.get $b))))
          (f32.load (local.get $row)))))
        (local.set $row (i32.add (local.get $row) (local.get $kb)))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (br $nextRow)))
      (f32.store (i32.add (local.get $out) (local.get $j)) (local.get $acc))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (br $next)))
  )

  ;; The sparse part of A·v over a row's entries q ∈ [from, to): out += a_q · y_q with
  ;; a_q = (c − 1)(y_q·v), or for the initial residual a_q = c − (c − 1)(y_q·v).
  (func $sparse (param $from i32) (param $to i32) (param $indices i32) (param $weights i32)
    (param $Y i32) (param $k i32) (param $v i32) (param $out i32) (param $residual i32)
    (local $q i32) (local $y i32) (local $w f64) (local $a f64)
    (if (i32.eqz (i32.and (local.get $k) (i32.const 15))) (then
      (call $sparse16 (local.get $from) (local.get $to) (local.get $indices) (local.get $weights)
        (local.get $Y) (local.get $k) (local.get $v) (local.get $out) (local.get $residual))
      (return)))
    (local.set $q (local.get $from))
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $q) (local.get $to)))
      (local.set $y (i32.add (local.get $Y) (i32.mul
        (i32.load (i32.add (local.get $indices) (i32.shl (local.get $q) (i32.const 2))))
        (i32.shl (local.get $k) (i32.const 2)))))
      (local.set $w (f64.promote_f32
        (f32.load (i32.add (local.get $weights) (i32.shl (local.get $q) (i32.const 2))))))
      (local.set $a (f64.mul (local.get $w) (call $dot (local.get $y) (local.get $v) (local.get $k))))
      (if (local.get $residual)
        (then (local.set $a (f64.sub (f64.add (f64.const 1) (local.get $w)) (local.get $a)))))
      (call $axpy (f32.demote_f64 (local.get $a)) (local.get $y) (local.get $out) (local.get $k))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $next)))
  )

  ;; $sparse for k a multiple of 16, the common case (k = 32, 64): the dot products and the updates
  ;; inline, the dots reduced in float32 by two shuffles. Per entry this is the innermost work of
  ;; the whole fit (and the first pass over a row waits on memory for y), so no calls, no tails.
  (func $sparse16 (param $from i32) (param $to i32) (param $indices i32) (param $weights i32)
    (param $Y i32) (param $k i32) (param $v i32) (param $out i32) (param $residual i32)
    (local $q i32) (local $y i32) (local $i i32) (local $kb i32) (local $o i32)
    (local $w f64) (local $a f64)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $y1 i32) (local $b f64) (local $t0 v128) (local $t1 v128)
    (local.set $kb (i32.shl (local.get $k) (i32.const 2)))
    (local.set $q (local.get $from))
    ;; Two entries per pass: two independent dot products in flight, and one read-modify-write of
    ;; `out` for both updates.
    (block $done (loop $next
      (br_if $done (i32.ge_s (i32.add (local.get $q) (i32.const 1)) (local.get $to)))
      (local.set $y (i32.add (local.get $Y) (i32.mul (local.get $kb)
        (i32.load (i32.add (local.get $indices) (i32.shl (local.get $q) (i32.const 2)))))))
      (local.set $y1 (i32.add (local.get $Y) (i32.mul (local.get $kb)
        (i32.load offset=4 (i32.add (local.get $indices) (i32.shl (local.get $q) (i32.const 2)))))))
      (local.set $s0 (v128.const i32x4 0 0 0 0))
      (local.set $s1 (v128.const i32x4 0 0 0 0))
      (local.set $s2 (v128.const i32x4 0 0 0 0))
      (local.set $s3 (v128.const i32x4 0 0 0 0))
      (local.set $i (i32.const 0))
      (block $dotDone (loop $dot
        (br_if $dotDone (i32.ge_u (local.get $i) (local.get $kb)))
        (local.set $t0 (v128.load (i32.add (local.get $v) (local.get $i))))
        (local.set $t1 (v128.load offset=16 (i32.add (local.get $v) (local.get $i))))
        (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul (local.get $t0)
          (v128.load (i32.add (local.get $y) (local.get $i))))))
        (local.set $s1 (f32x4.add (local.get $s1) (f32x4.mul (local.get $t1)
          (v128.load offset=16 (i32.add (local.get $y) (local.get $i))))))
        (local.set $s2 (f32x4.add (local.get $s2) (f32x4.mul (local.get $t0)
          (v128.load (i32.add (local.get $y1) (local.get $i))))))
        (local.set $s3 (f32x4.add (local.get $s3) (f32x4.mul (local.get $t1)
          (v128.load offset=16 (i32.add (local.get $y1) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 32)))
        (br $dot)))
      ;; lanes: s0 + s1 → entry q, s2 + s3 → entry q + 1, each reduced by two shuffles
      (local.set $s0 (f32x4.add (local.get $s0) (local.get $s1)))
      (local.set $s2 (f32x4.add (local.get $s2) (local.get $s3)))
      (local.set $s0 (f32x4.add (local.get $s0)
        (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $s0) (local.get $s0))))
      (local.set $s0 (f32x4.add (local.get $s0)
        (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $s0) (local.get $s0))))
      (local.set $s2 (f32x4.add (local.get $s2)
        (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $s2) (local.get $s2))))
      (local.set $s2 (f32x4.add (local.get $s2)
        (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $s2) (local.get $s2))))
      (local.set $w (f64.promote_f32
        (f32.load (i32.add (local.get $weights) (i32.shl (local.get $q) (i32.const 2))))))
      (local.set $a (f64.mul (local.get $w) (f64.promote_f32 (f32x4.extract_lane 0 (local.get $s0)))))
      (if (local.get $residual)
        (then (local.set $a (f64.sub (f64.add (f64.const 1) (local.get $w)) (local.get $a)))))
      (local.set $w (f64.promote_f32
        (f32.load offset=4 (i32.add (local.get $weights) (i32.shl (local.get $q) (i32.const 2))))))
      (local.set $b (f64.mul (local.get $w) (f64.promote_f32 (f32x4.extract_lane 0 (local.get $s2)))))
      (if (local.get $residual)
        (then (local.set $b (f64.sub (f64.add (f64.const 1) (local.get $w)) (local.get $b)))))
      (local.set $s1 (f32x4.splat (f32.demote_f64 (local.get $a))))
      (local.set $s3 (f32x4.splat (f32.demote_f64 (local.get $b))))
      (local.set $i (i32.const 0))
      (block $axpyDone (loop $axpy
        (br_if $axpyDone (i32.ge_u (local.get $i) (local.get $kb)))
        (local.set $o (i32.add (local.get $out) (local.get $i)))
        (v128.store (local.get $o) (f32x4.add (v128.load (local.get $o)) (f32x4.add
          (f32x4.mul (local.get $s1) (v128.load (i32.add (local.get $y) (local.get $i))))
          (f32x4.mul (local.get $s3) (v128.load (i32.add (local.get $y1) (local.get $i)))))))
        (v128.store offset=16 (local.get $o) (f32x4.add (v128.load offset=16 (local.get $o)) (f32x4.add
          (f32x4.mul (local.get $s1) (v128.load offset=16 (i32.add (local.get $y) (local.get $i))))
          (f32x4.mul (local.get $s3) (v128.load offset=16 (i32.add (local.get $y1) (local.get $i)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 32)))
        (br $axpy)))
      (local.set $q (i32.add (local.get $q) (i32.const 2)))
      (br $next)))
    ;; The odd entry left, alone.
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $q) (local.get $to)))
      (local.set $y (i32.add (local.get $Y) (i32.mul (local.get $kb)
        (i32.load (i32.add (local.get $indices) (i32.shl (local.get $q) (i32.const 2)))))))
      (local.set $s0 (v128.const i32x4 0 0 0 0))
      (local.set $s1 (v128.const i32x4 0 0 0 0))
      (local.set $s2 (v128.const i32x4 0 0 0 0))
      (local.set $s3 (v128.const i32x4 0 0 0 0))
      (local.set $i (i32.const 0))
      (block $dotDone (loop $dot
        (br_if $dotDone (i32.ge_u (local.get $i) (local.get $kb)))
        (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul
          (v128.load (i32.add (local.get $y) (local.get $i)))
          (v128.load (i32.add (local.get $v) (local.get $i))))))
        (local.set $s1 (f32x4.add (local.get $s1) (f32x4.mul
          (v128.load offset=16 (i32.add (local.get $y) (local.get $i)))
          (v128.load offset=16 (i32.add (local.get $v) (local.get $i))))))
        (local.set $s2 (f32x4.add (local.get $s2) (f32x4.mul
          (v128.load offset=32 (i32.add (local.get $y) (local.get $i)))
          (v128.load offset=32 (i32.add (local.get $v) (local.get $i))))))
        (local.set $s3 (f32x4.add (local.get $s3) (f32x4.mul
          (v128.load offset=48 (i32.add (local.get $y) (local.get $i)))
          (v128.load offset=48 (i32.add (local.get $v) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 64)))
        (br $dot)))
      (local.set $s0 (f32x4.add
        (f32x4.add (local.get $s0) (local.get $s1))
        (f32x4.add (local.get $s2) (local.get $s3))))
      (local.set $s0 (f32x4.add (local.get $s0)
        (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $s0) (local.get $s0))))
      (local.set $s0 (f32x4.add (local.get $s0)
        (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $s0) (local.get $s0))))
      (local.set $w (f64.promote_f32
        (f32.load (i32.add (local.get $weights) (i32.shl (local.get $q) (i32.const 2))))))
      (local.set $a (f64.mul (local.get $w) (f64.promote_f32 (f32x4.extract_lane 0 (local.get $s0)))))
      (if (local.get $residual)
        (then (local.set $a (f64.sub (f64.add (f64.const 1) (local.get $w)) (local.get $a)))))
      (local.set $s1 (f32x4.splat (f32.demote_f64 (local.get $a))))
      (local.set $i (i32.const 0))
      (block $axpyDone (loop $axpy
        (br_if $axpyDone (i32.ge_u (local.get $i) (local.get $kb)))
        (local.set $o (i32.add (local.get $out) (local.get $i)))
        (v128.store (local.get $o) (f32x4.add (v128.load (local.get $o))
          (f32x4.mul (local.get $s1) (v128.load (i32.add (local.get $y) (local.get $i))))))
        (v128.store offset=16 (local.get $o) (f32x4.add (v128.load offset=16 (local.get $o))
          (f32x4.mul (local.get $s1) (v128.load offset=16 (i32.add (local.get $y) (local.get $i))))))
        (v128.store offset=32 (local.get $o) (f32x4.add (v128.load offset=32 (local.get $o))
          (f32x4.mul (local.get $s1) (v128.load offset=32 (i32.add (local.get $y) (local.get $i))))))
        (v128.store offset=48 (local.get $o) (f32x4.add (v128.load offset=48 (local.get $o))
          (f32x4.mul (local.get $s1) (v128.load offset=48 (i32.add (local.get $y) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 64)))
        (br $axpy)))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $next)))
  )

  ;; x += alpha p;  r −= alpha ap
  (func $step (param $x i32) (param $r i32) (param $p i32) (param $ap i32) (param $alpha f32)
    (param $k i32)
    (call $axpy (local.get $alpha) (local.get $p) (local.get $x) (local.get $k))
    (call $axpy (f32.neg (local.get $alpha)) (local.get $ap) (local.get $r) (local.get $k)))

  ;; p = r + beta p
  (func $direction (param $p i32) (param $r i32) (param $beta f32) (param $k i32)
    (local $i i32) (local $end i32) (local $s v128) (local $o i32)
    (local.set $s (f32x4.splat (local.get $beta)))
    (local.set $end (i32.shl (i32.and (local.get $k) (i32.const -4)) (i32.const 2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $o (i32.add (local.get $p) (local.get $i)))
      (v128.store (local.get $o) (f32x4.add
        (v128.load (i32.add (local.get $r) (local.get $i)))
        (f32x4.mul (local.get $s) (v128.load (local.get $o)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $next)))
    (local.set $end (i32.shl (local.get $k) (i32.const 2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $o (i32.add (local.get $p) (local.get $i)))
      (f32.store (local.get $o) (f32.add
        (f32.load (i32.add (local.get $r) (local.get $i)))
        (f32.mul (local.get $beta) (f32.load (local.get $o)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $next)))
  )

  ;; Updates X's rows [start, end) with `steps` CG steps each against Y and G = YᵀY + λI
  ;; (float32, k × k). `scratch` holds four k-vectors, each padded to a multiple of 16 bytes.
  (func (export "solveRows") (param $start i32) (param $end i32) (param $indptr i32)
    (param $indices i32) (param $weights i32) (param $X i32) (param $Y i32) (param $G i32)
    (param $k i32) (param $steps i32) (param $scratch i32)
    (local $u i32) (local $kb i32) (local $vb i32) (local $row i32) (local $from i32) (local $to i32)
    (local $x i32) (local $r i32) (local $p i32) (local $ap i32) (local $step i32)
    (local $rsOld f64) (local $rsNew f64)
    (local.set $kb (i32.shl (local.get $k) (i32.const 2)))
    (local.set $vb (i32.and (i32.add (local.get $kb) (i32.const 15)) (i32.const -16)))
    (local.set $x (local.get $scratch))
    (local.set $r (i32.add (local.get $x) (local.get $vb)))
    (local.set $p (i32.add (local.get $r) (local.get $vb)))
    (local.set $ap (i32.add (local.get $p) (local.get $vb)))
    (local.set $u (local.get $start))
    (block $rowsDone (loop $nextRow
      (br_if $rowsDone (i32.ge_s (local.get $u) (local.get $end)))
      (local.set $row (i32.add (local.get $X) (i32.mul (local.get $u) (local.get $kb))))
      (memory.copy (local.get $x) (local.get $row) (local.get $kb))
      ;; r = b − A x = Σ c y − (G x + Σ (c − 1)(y·x) y)
      (call $matvec (local.get $G) (local.get $x) (local.get $r) (local.get $k) (f32.const -1))
      (local.set $from (i32.load (i32.add (local.get $indptr) (i32.shl (local.get $u) (i32.const 2)))))
      (local.set $to (i32.load offset=4
        (i32.add (local.get $indptr) (i32.shl (local.get $u) (i32.const 2)))))
      (call $sparse (local.get $from) (local.get $to) (local.get $indices) (local.get $weights)
        (local.get $Y) (local.get $k) (local.get $x) (local.get $r) (i32.const 1))
      (memory.copy (local.get $p) (local.get $r) (local.get $kb))
      (local.set $rsOld (call $dot (local.get $r) (local.get $r) (local.get $k)))
      (if (f64.ge (local.get $rsOld) (f64.const 1e-20)) (then
        (local.set $step (i32.const 0))
        (block $cgDone (loop $cg
          (br_if $cgDone (i32.ge_s (local.get $step) (local.get $steps)))
          ;; Ap = G p + Σ (c − 1)(y·p) y
          (call $matvec (local.get $G) (local.get $p) (local.get $ap) (local.get $k) (f32.const 1))
          (call $sparse (local.get $from) (local.get $to) (local.get $indices) (local.get $weights)
            (local.get $Y) (local.get $k) (local.get $p) (local.get $ap) (i32.const 0))
          (call $step (local.get $x) (local.get $r) (local.get $p) (local.get $ap)
            (f32.demote_f64 (f64.div (local.get $rsOld)
              (call $dot (local.get $p) (local.get $ap) (local.get $k))))
            (local.get $k))
          (local.set $rsNew (call $dot (local.get $r) (local.get $r) (local.get $k)))
          (br_if $cgDone (f64.lt (local.get $rsNew) (f64.const 1e-20)))
          (call $direction (local.get $p) (local.get $r)
            (f32.demote_f64 (f64.div (local.get $rsNew) (local.get $rsOld))) (local.get $k))
          (local.set $rsOld (local.get $rsNew))
          (local.set $step (i32.add (local.get $step) (i32.const 1)))
          (br $cg)))
        (memory.copy (local.get $row) (local.get $x) (local.get $kb))))
      (local.set $u (i32.add (local.get $u) (i32.const 1)))
      (br $nextRow)))
  )

  ;; Partial YᵀY over gram chunks [chunkStart, chunkEnd) of 8192 rows (GRAM_CHUNK in
  ;; als-solve.ts): summed in float32 in `scratch` (k × k), four rows per pass, then the upper
  ;; triangle written as float64 to partials[c·k² …]. The lower triangle is left alone.
  (func (export "gramChunks") (param $Y i32) (param $rows i32) (param $k i32)
    (param $chunkStart i32) (param $chunkEnd i32) (param $partials i32) (param $scratch i32)
    (local $c i32) (local $i i32) (local $e i32) (local $kb i32) (local $end4 i32)
    (local $o0 i32) (local $o1 i32) (local $o2 i32) (local $o3 i32)
    (local $a i32) (local $b i32) (local $acc i32) (local $base i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local.set $kb (i32.shl (local.get $k) (i32.const 2)))
    (local.set $end4 (i32.shl (i32.and (local.get $k) (i32.const -4)) (i32.const 2)))
    (local.set $c (local.get $chunkStart))
    (block $chunksDone (loop $nextChunk
      (br_if $chunksDone (i32.ge_s (local.get $c) (local.get $chunkEnd)))
      (memory.fill (local.get $scratch) (i32.const 0) (i32.mul (local.get $kb) (local.get $k)))
      (local.set $i (i32.mul (local.get $c) (i32.const 8192)))
      (local.set $e (i32.add (local.get $i) (i32.const 8192)))
      (if (i32.gt_s (local.get $e) (local.get $rows)) (then (local.set $e (local.get $rows))))
      ;; Four rows per pass: four multiply-adds per read-modify-write of the accumulator.
      (block $quadsDone (loop $nextQuad
        (br_if $quadsDone (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $e)))
        (local.set $o0 (i32.add (local.get $Y) (i32.mul (local.get $i) (local.get $kb))))
        (local.set $o1 (i32.add (local.get $o0) (local.get $kb)))
        (local.set $o2 (i32.add (local.get $o1) (local.get $kb)))
        (local.set $o3 (i32.add (local.get $o2) (local.get $kb)))
        (local.set $a (i32.const 0))
        (block $aDone (loop $nextA
          (br_if $aDone (i32.ge_u (local.get $a) (local.get $kb)))
          (local.set $s0 (v128.load32_splat (i32.add (local.get $o0) (local.get $a))))
          (local.set $s1 (v128.load32_splat (i32.add (local.get $o1) (local.get $a))))
          (local.set $s2 (v128.load32_splat (i32.add (local.get $o2) (local.get $a))))
          (local.set $s3 (v128.load32_splat (i32.add (local.get $o3) (local.get $a))))
          (local.set $acc (i32.add (local.get $scratch) (i32.mul (local.get $a) (local.get $k))))
          (local.set $b (i32.and (local.get $a) (i32.const -16)))
          (block $bDone (loop $nextB
            (br_if $bDone (i32.ge_u (local.get $b) (local.get $end4)))
            (v128.store (i32.add (local.get $acc) (local.get $b)) (f32x4.add
              (v128.load (i32.add (local.get $acc) (local.get $b)))
              (f32x4.add
                (f32x4.add
                  (f32x4.mul (local.get $s0) (v128.load (i32.add (local.get $o0) (local.get $b))))
                  (f32x4.mul (local.get $s1) (v128.load (i32.add (local.get $o1) (local.get $b)))))
                (f32x4.add
                  (f32x4.mul (local.get $s2) (v128.load (i32.add (local.get $o2) (local.get $b))))
                  (f32x4.mul (local.get $s3) (v128.load (i32.add (local.get $o3) (local.get $b))))))))
            (local.set $b (i32.add (local.get $b) (i32.const 16)))
            (br $nextB)))
          (block $bDone (loop $nextB
            (br_if $bDone (i32.ge_u (local.get $b) (local.get $kb)))
            (f32.store (i32.add (local.get $acc) (local.get $b)) (f32.add
              (f32.load (i32.add (local.get $acc) (local.get $b)))
              (f32.add
                (f32.add
                  (f32.mul (f32.load (i32.add (local.get $o0) (local.get $a)))
                    (f32.load (i32.add (local.get $o0) (local.get $b))))
                  (f32.mul (f32.load (i32.add (local.get $o1) (local.get $a)))
                    (f32.load (i32.add (local.get $o1) (local.get $b)))))
                (f32.add
                  (f32.mul (f32.load (i32.add (local.get $o2) (local.get $a)))
                    (f32.load (i32.add (local.get $o2) (local.get $b))))
                  (f32.mul (f32.load (i32.add (local.get $o3) (local.get $a)))
                    (f32.load (i32.add (local.get $o3) (local.get $b))))))))
            (local.set $b (i32.add (local.get $b) (i32.const 4)))
            (br $nextB)))
          (local.set $a (i32.add (local.get $a) (i32.const 4)))
          (br $nextA)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $nextQuad)))
      ;; The last rows of the chunk, one at a time.
      (block $rowsDone (loop $nextRow
        (br_if $rowsDone (i32.ge_s (local.get $i) (local.get $e)))
        (local.set $o0 (i32.add (local.get $Y) (i32.mul (local.get $i) (local.get $kb))))
        (local.set $a (i32.const 0))
        (block $aDone (loop $nextA
          (br_if $aDone (i32.ge_u (local.get $a) (local.get $kb)))
          (call $axpy (f32.load (i32.add (local.get $o0) (local.get $a))) (local.get $o0)
            (i32.add (local.get $scratch) (i32.mul (local.get $a) (local.get $k))) (local.get $k))
          (local.set $a (i32.add (local.get $a) (i32.const 4)))
          (br $nextA)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $nextRow)))
      ;; Upper triangle out, as float64.
      (local.set $base (i32.add (local.get $partials)
        (i32.mul (local.get $c) (i32.shl (i32.mul (local.get $k) (local.get $k)) (i32.const 3)))))
      (local.set $a (i32.const 0))
      (block $aDone (loop $nextA
        (br_if $aDone (i32.ge_u (local.get $a) (local.get $k)))
        (local.set $b (local.get $a))
        (block $bDone (loop $nextB
          (br_if $bDone (i32.ge_u (local.get $b) (local.get $k)))
          (local.set $acc (i32.add (i32.mul (local.get $a) (local.get $k)) (local.get $b)))
          (f64.store (i32.add (local.get $base) (i32.shl (local.get $acc) (i32.const 3)))
            (f64.promote_f32 (f32.load (i32.add (local.get $scratch)
              (i32.shl (local.get $acc) (i32.const 2))))))
          (local.set $b (i32.add (local.get $b) (i32.const 1)))
          (br $nextB)))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $nextA)))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br $nextChunk)))
  )
;; The multi-persona factorisation's assignment scores (models/persona/fit.ts): for the entries e
  ;; of rows u in [start, end) and every persona p < P, out[e·P + p] = X[(u·P + p)·k …] · Y[indices[e]·k …].
  (func (export "personaScores") (param $start i32) (param $end i32) (param $indptr i32)
    (param $indices i32) (param $X i32) (param $Y i32) (param $k i32) (param $P i32) (param $out i32)
    (local $u i32) (local $e i32) (local $last i32) (local $p i32) (local $y i32) (local $x i32)
    (local $row i32) (local $o i32)
    (local.set $row (i32.shl (local.get $k) (i32.const 2)))
    (local.set $u (local.get $start))
    (block $rowsDone (loop $nextRow
      (br_if $rowsDone (i32.ge_u (local.get $u) (local.get $end)))
      (local.set $e (i32.load (i32.add (local.get $indptr) (i32.shl (local.get $u) (i32.const 2)))))
      (local.set $last (i32.load offset=4
        (i32.add (local.get $indptr) (i32.shl (local.get $u) (i32.const 2)))))
      (block $entriesDone (loop $nextEntry
        (br_if $entriesDone (i32.ge_u (local.get $e) (local.get $last)))
        (local.set $y (i32.add (local.get $Y) (i32.mul (local.get $row)
          (i32.load (i32.add (local.get $indices) (i32.shl (local.get $e) (i32.const 2)))))))
        (local.set $x (i32.add (local.get $X)
          (i32.mul (i32.mul (local.get $u) (local.get $P)) (local.get $row))))
        (local.set $o (i32.add (local.get $out)
          (i32.shl (i32.mul (local.get $e) (local.get $P)) (i32.const 2))))
        (local.set $p (i32.const 0))
        (block $personasDone (loop $nextPersona
          (br_if $personasDone (i32.ge_u (local.get $p) (local.get $P)))
          (f32.store (local.get $o)
            (f32.demote_f64 (call $dot (local.get $x) (local.get $y) (local.get $k))))
          (local.set $x (i32.add (local.get $x) (local.get $row)))
          (local.set $o (i32.add (local.get $o) (i32.const 4)))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $nextPersona)))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $nextEntry)))
      (local.set $u (i32.add (local.get $u) (i32.const 1)))
      (br $nextRow)))
  )
)
