;; The GRU trainer's dense products (models/nextsong/gru/trainer.ts, cell.ts) in WebAssembly SIMD
;; (f32x4). The sampled softmax of a time step, over the lanes of the batch active at that step and
;; the step's candidates (the batch's targets and its shared negatives), two thirds of a training
;; step in scalar JavaScript (docs/nextsong.md):
;;
;;   scores:   S[l, c] = bias[c] + h_l · e_c
;;   backward: dh_l += Σ_c G[l, c] e_c   and   de_c += Σ_l G[l, c] h_l
;;
;; and the GRU cell's products, the other third (gates from the input and the hidden state; their
;; weight gradients and the gradients sent back to the input and the previous state):
;;
;;   vecMat:   out += vᵀW                      (W row-major n × G)
;;   outerDot: dW += v ⊗ d   and   out += W·d
;;
;; Everything between (max, exp, the loss and G = softmax − one-hot, masking) is done by the
;; caller: WebAssembly has no exp, and those are O(lanes · candidates), not O(lanes · candidates · H).
;; Rows are H floats, packed; every pointer is a byte offset into the module's own memory, which
;; the caller (softmax-kernel.ts) grows and fills. Candidates run in the outer loop so that one
;; candidate row is read once per step while the few lane rows stay in L1. The helpers below are
;; the ALS kernel's (als-kernel.wat), copied: a module cannot share functions with another without
;; a linker, and the two are loaded separately (this one needs no shared memory).
(module
  (memory (export "memory") 1)

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
  ;; S[l·C + c] = bias[c] + h_l · e_c for l < lanes, c < C.
  (func (export "scores") (param $lanes i32) (param $C i32) (param $H i32) (param $h i32)
    (param $e i32) (param $bias i32) (param $out i32)
    (local $c i32) (local $l i32) (local $row i32) (local $erow i32) (local $b f64)
    (local.set $row (i32.shl (local.get $H) (i32.const 2)))
    (block $cdone (loop $cnext
      (br_if $cdone (i32.ge_u (local.get $c) (local.get $C)))
      (local.set $erow (i32.add (local.get $e) (i32.mul (local.get $c) (local.get $row))))
      (local.set $b (f64.promote_f32
        (f32.load (i32.add (local.get $bias) (i32.shl (local.get $c) (i32.const 2))))))
      (local.set $l (i32.const 0))
      (block $ldone (loop $lnext
        (br_if $ldone (i32.ge_u (local.get $l) (local.get $lanes)))
        (f32.store
          (i32.add (local.get $out) (i32.shl
            (i32.add (i32.mul (local.get $l) (local.get $C)) (local.get $c)) (i32.const 2)))
          (f32.demote_f64 (f64.add (local.get $b) (call $dot
            (i32.add (local.get $h) (i32.mul (local.get $l) (local.get $row)))
            (local.get $erow) (local.get $H)))))
        (local.set $l (i32.add (local.get $l) (i32.const 1)))
        (br $lnext)))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br $cnext)))
  )

  ;; dh_l += Σ_c G[l·C + c] e_c and de_c += Σ_l G[l·C + c] h_l; zero entries of G are skipped.
  (func (export "backward") (param $lanes i32) (param $C i32) (param $H i32) (param $h i32)
    (param $e i32) (param $g i32) (param $dh i32) (param $de i32)
    (local $c i32) (local $l i32) (local $row i32) (local $erow i32) (local $derow i32)
    (local $off i32) (local $gv f32)
    (local.set $row (i32.shl (local.get $H) (i32.const 2)))
    (block $cdone (loop $cnext
      (br_if $cdone (i32.ge_u (local.get $c) (local.get $C)))
      (local.set $erow (i32.add (local.get $e) (i32.mul (local.get $c) (local.get $row))))
      (local.set $derow (i32.add (local.get $de) (i32.mul (local.get $c) (local.get $row))))
      (local.set $l (i32.const 0))
      (block $ldone (loop $lnext
        (br_if $ldone (i32.ge_u (local.get $l) (local.get $lanes)))
        (local.set $gv (f32.load (i32.add (local.get $g) (i32.shl
          (i32.add (i32.mul (local.get $l) (local.get $C)) (local.get $c)) (i32.const 2)))))
        (if (f32.ne (local.get $gv) (f32.const 0)) (then
          (local.set $off (i32.mul (local.get $l) (local.get $row)))
          (call $axpy (local.get $gv) (local.get $erow)
            (i32.add (local.get $dh) (local.get $off)) (local.get $H))
          (call $axpy (local.get $gv) (i32.add (local.get $h) (local.get $off))
            (local.get $derow) (local.get $H))))
        (local.set $l (i32.add (local.get $l) (i32.const 1)))
        (br $lnext)))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br $cnext)))
  )
;; out[0…G) += Σ_{e<n} v[e] · W[e·G …]; rows with v[e] = 0 are skipped.
  (func (export "vecMat") (param $v i32) (param $n i32) (param $W i32) (param $G i32)
    (param $out i32)
    (local $e i32) (local $x f32) (local $row i32)
    (local.set $row (i32.shl (local.get $G) (i32.const 2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $e) (local.get $n)))
      (local.set $x (f32.load (i32.add (local.get $v) (i32.shl (local.get $e) (i32.const 2)))))
      (if (f32.ne (local.get $x) (f32.const 0)) (then
        (call $axpy (local.get $x) (i32.add (local.get $W) (i32.mul (local.get $e) (local.get $row)))
          (local.get $out) (local.get $G))))
      (local.set $e (i32.add (local.get $e) (i32.const 1)))
      (br $next)))
  )

  ;; For e < n: dW[e·G …] += v[e] · d[0…G) and out[e] += W[e·G …] · d.
  (func (export "outerDot") (param $v i32) (param $n i32) (param $W i32) (param $dW i32)
    (param $d i32) (param $G i32) (param $out i32)
    (local $e i32) (local $x f32) (local $row i32) (local $at i32) (local $o i32)
    (local.set $row (i32.shl (local.get $G) (i32.const 2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $e) (local.get $n)))
      (local.set $at (i32.mul (local.get $e) (local.get $row)))
      (local.set $x (f32.load (i32.add (local.get $v) (i32.shl (local.get $e) (i32.const 2)))))
      (if (f32.ne (local.get $x) (f32.const 0)) (then
        (call $axpy (local.get $x) (local.get $d) (i32.add (local.get $dW) (local.get $at))
          (local.get $G))))
      (local.set $o (i32.add (local.get $out) (i32.shl (local.get $e) (i32.const 2))))
      (f32.store (local.get $o) (f32.add (f32.load (local.get $o)) (f32.demote_f64
        (call $dot (i32.add (local.get $W) (local.get $at)) (local.get $d) (local.get $G)))))
      (local.set $e (i32.add (local.get $e) (i32.const 1)))
      (br $next)))
  )
)
