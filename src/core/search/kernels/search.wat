;; The gallery search kernels (WebAssembly text with 128-bit SIMD), used by src/core/search/searchKernel.ts.
;; scripts/build-kernels.ts assembles this file into kernels.generated.ts at install and build time;
;; no binary is committed.
;;
;; Every kernel works on the one imported linear memory, laid out by searchKernel.ts. Pointers are byte
;; offsets into it. The probe sits at fixed addresses (keep in step with searchKernel.ts):
;;   0     int8 probe     [512]   (written by JS; the kernels read the int16 copy below)
;;   512   float32 probe  [512]
;;   2560  int16 probe    [512]   the int8 probe widened, so one i32x4.dot_i16x8_s multiplies 8 codes
;; A row is 512 float32 (2048 bytes) or 512 int8 codes (512 bytes); rows follow one another.
;;
;; Exact float32 scores: each row is multiplied by the probe 4 lanes at a time, chunk after chunk,
;; into one f32x4 accumulator, whose lanes are then summed as (l0 + l1) + (l2 + l3). Whether a row is
;; scored alone ($dotF32Row) or with three others ($dotF32Rows4), its operations are the same, so every
;; path (full scan, gather) gives a row the very same bits: int8 re-ranking relies on that.
;; int8 scores are integer sums, exact in any order.
(module
  (import "env" "memory" (memory 1))

  ;; ---------------------------------------------------------------------------------------------
  ;; Lane sums

  ;; (l0 + l1) + (l2 + l3) of a f32x4: the order every exact score uses.
  (func $sumF32x4 (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  (func $sumI32x4 (param $v v128) (result i32)
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $v)) (i32x4.extract_lane 1 (local.get $v)))
      (i32.add (i32x4.extract_lane 2 (local.get $v)) (i32x4.extract_lane 3 (local.get $v)))))

  ;; ---------------------------------------------------------------------------------------------
  ;; Exact float32 scores

  ;; Float32 row at $row · float32 probe.
  (func $dotF32Row (param $row i32) (result f32)
    (local $i i32)     ;; byte offset of the current 4-float chunk in the row (and in the probe): 0, 16, .. 2032
    (local $acc v128)  ;; f32x4 running products
    (local.set $acc (v128.const i32x4 0 0 0 0))
    (loop $chunk
      (local.set $acc
        (f32x4.add (local.get $acc)
          (f32x4.mul (v128.load (i32.add (local.get $row) (local.get $i))) (v128.load offset=512 (local.get $i)))))
      (br_if $chunk (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16))) (i32.const 2048))))
    (call $sumF32x4 (local.get $acc)))

  ;; The four float32 rows from $rows · float32 probe, into out[0..3] (f32). Each probe chunk is loaded
  ;; once for the four rows; each row gets exactly the operations of $dotF32Row.
  (func $dotF32Rows4 (param $rows i32) (param $out i32)
    (local $i i32)       ;; byte offset of the current chunk, as in $dotF32Row
    (local $row i32)     ;; $rows + $i: the chunk of the first row; the others are 2048, 4096, 6144 bytes on
    (local $probe v128)  ;; the probe's chunk
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)  ;; one f32x4 per row
    (local.set $acc0 (v128.const i32x4 0 0 0 0))
    (local.set $acc1 (v128.const i32x4 0 0 0 0))
    (local.set $acc2 (v128.const i32x4 0 0 0 0))
    (local.set $acc3 (v128.const i32x4 0 0 0 0))
    (loop $chunk
      (local.set $probe (v128.load offset=512 (local.get $i)))
      (local.set $row (i32.add (local.get $rows) (local.get $i)))
      (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (v128.load offset=0 (local.get $row)) (local.get $probe))))
      (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (v128.load offset=2048 (local.get $row)) (local.get $probe))))
      (local.set $acc2 (f32x4.add (local.get $acc2) (f32x4.mul (v128.load offset=4096 (local.get $row)) (local.get $probe))))
      (local.set $acc3 (f32x4.add (local.get $acc3) (f32x4.mul (v128.load offset=6144 (local.get $row)) (local.get $probe))))
      (br_if $chunk (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16))) (i32.const 2048))))
    (f32.store offset=0 (local.get $out) (call $sumF32x4 (local.get $acc0)))
    (f32.store offset=4 (local.get $out) (call $sumF32x4 (local.get $acc1)))
    (f32.store offset=8 (local.get $out) (call $sumF32x4 (local.get $acc2)))
    (f32.store offset=12 (local.get $out) (call $sumF32x4 (local.get $acc3))))

  ;; dotF32(rows, count, out): out[r] = floats[r] · probe (f32) for r < count; rows points at floats[0].
  (func (export "dotF32") (param $rows i32) (param $count i32) (param $out i32)
    ;; Four rows at a time while there are four left ...
    (block $done
      (loop $pass
        (br_if $done (i32.lt_u (local.get $count) (i32.const 4)))
        (call $dotF32Rows4 (local.get $rows) (local.get $out))
        (local.set $rows (i32.add (local.get $rows) (i32.const 8192)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $count (i32.sub (local.get $count) (i32.const 4)))
        (br $pass)))
    ;; ... then one by one.
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $count)))
        (f32.store (local.get $out) (call $dotF32Row (local.get $rows)))
        (local.set $rows (i32.add (local.get $rows) (i32.const 2048)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $row))))

  ;; gatherF32(floats, index, count, out): out[i] = floats[index[i]] · probe (f32) for i < count;
  ;; index points at `count` i32 row numbers.
  (func (export "gatherF32") (param $floats i32) (param $index i32) (param $count i32) (param $out i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $count)))
        (f32.store (local.get $out)
          (call $dotF32Row (i32.add (local.get $floats) (i32.mul (i32.load (local.get $index)) (i32.const 2048)))))
        (local.set $index (i32.add (local.get $index) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $next))))

  ;; ---------------------------------------------------------------------------------------------
  ;; int8 scores

  ;; int8 row at $row · int16 probe, as i32. A chunk is 16 codes; its low and high 8 are widened to
  ;; int16 and multiplied pairwise-summed (i32x4.dot_i16x8_s) with the matching 8 probe values.
  (func $dotI8Row (param $row i32) (result i32)
    (local $i i32)      ;; byte offset of the current 16-code chunk in the row: 0, 16, .. 496
    (local $p i32)      ;; 2 × $i: the same chunk's offset in the int16 probe
    (local $codes v128) ;; the row's 16 codes
    (local $acc v128)   ;; i32x4 running sums
    (local.set $acc (v128.const i32x4 0 0 0 0))
    (loop $chunk
      (local.set $p (i32.shl (local.get $i) (i32.const 1)))
      (local.set $codes (v128.load (i32.add (local.get $row) (local.get $i))))
      (local.set $acc (i32x4.add (local.get $acc)
        (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $codes)) (v128.load offset=2560 (local.get $p)))))
      (local.set $acc (i32x4.add (local.get $acc)
        (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $codes)) (v128.load offset=2576 (local.get $p)))))
      (br_if $chunk (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16))) (i32.const 512))))
    (call $sumI32x4 (local.get $acc)))

  ;; The four int8 rows from $rows · int16 probe, into out[0..3] (i32); each probe chunk is loaded once.
  (func $dotI8Rows4 (param $rows i32) (param $out i32)
    (local $i i32)      ;; byte offset of the current chunk, as in $dotI8Row
    (local $row i32)    ;; $rows + $i: the chunk of the first row; the others are 512, 1024, 1536 bytes on
    (local $low v128)   ;; int16 probe values matching the chunk's low 8 codes
    (local $high v128)  ;; ... and its high 8 codes
    (local $codes v128) ;; one row's 16 codes
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)  ;; one i32x4 per row
    (local.set $acc0 (v128.const i32x4 0 0 0 0))
    (local.set $acc1 (v128.const i32x4 0 0 0 0))
    (local.set $acc2 (v128.const i32x4 0 0 0 0))
    (local.set $acc3 (v128.const i32x4 0 0 0 0))
    (loop $chunk
      (local.set $low (v128.load offset=2560 (i32.shl (local.get $i) (i32.const 1))))
      (local.set $high (v128.load offset=2576 (i32.shl (local.get $i) (i32.const 1))))
      (local.set $row (i32.add (local.get $rows) (local.get $i)))
      (local.set $codes (v128.load offset=0 (local.get $row)))
      (local.set $acc0 (i32x4.add (local.get $acc0) (i32x4.add
        (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $codes)) (local.get $low))
        (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $codes)) (local.get $high)))))
      (local.set $codes (v128.load offset=512 (local.get $row)))
      (local.set $acc1 (i32x4.add (local.get $acc1) (i32x4.add
        (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $codes)) (local.get $low))
        (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $codes)) (local.get $high)))))
      (local.set $codes (v128.load offset=1024 (local.get $row)))
      (local.set $acc2 (i32x4.add (local.get $acc2) (i32x4.add
        (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $codes)) (local.get $low))
        (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $codes)) (local.get $high)))))
      (local.set $codes (v128.load offset=1536 (local.get $row)))
      (local.set $acc3 (i32x4.add (local.get $acc3) (i32x4.add
        (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $codes)) (local.get $low))
        (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $codes)) (local.get $high)))))
      (br_if $chunk (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16))) (i32.const 512))))
    (i32.store offset=0 (local.get $out) (call $sumI32x4 (local.get $acc0)))
    (i32.store offset=4 (local.get $out) (call $sumI32x4 (local.get $acc1)))
    (i32.store offset=8 (local.get $out) (call $sumI32x4 (local.get $acc2)))
    (i32.store offset=12 (local.get $out) (call $sumI32x4 (local.get $acc3))))

  ;; dotI8(rows, count, out): out[r] = codes[r] · probe (i32) for r < count; rows points at codes[0].
  (func (export "dotI8") (param $rows i32) (param $count i32) (param $out i32)
    (block $done
      (loop $pass
        (br_if $done (i32.lt_u (local.get $count) (i32.const 4)))
        (call $dotI8Rows4 (local.get $rows) (local.get $out))
        (local.set $rows (i32.add (local.get $rows) (i32.const 2048)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $count (i32.sub (local.get $count) (i32.const 4)))
        (br $pass)))
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $count)))
        (i32.store (local.get $out) (call $dotI8Row (local.get $rows)))
        (local.set $rows (i32.add (local.get $rows) (i32.const 512)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $row))))

  ;; ---------------------------------------------------------------------------------------------
  ;; The int8 copy

  ;; One row of the int8 copy: the float32 row at $floats becomes 512 int8 codes at $codes with
  ;;   scale = max|x| / 127;  codes = nearest(x / scale) as int8 (ties to even);
  ;; and it stores the scale, norm = ‖x‖² and residual = ‖x − scale·codes‖² (f32x4 sums, lanes summed
  ;; last) at $scale, $norm and $residual. A zero row gets scale 0 and codes 0. searchKernel.ts's
  ;; quantize() is the plain JS twin; the bound on the int8 error needs the norms and residuals.
  (func $quantizeRow (param $floats i32) (param $codes i32) (param $scale i32) (param $norm i32) (param $residual i32)
    (local $i i32)        ;; byte offset in the row: by 16 (one chunk) in the first pass, by 64 (four) in the second
    (local $src i32)      ;; $floats + $i in the second pass
    (local $dst i32)      ;; where the next 16 codes go
    (local $max f32)      ;; max|x| over the row
    (local $s f32)        ;; the scale, $max / 127
    (local $inv f32)      ;; 1 / $s, or 0 for a zero row
    (local $x v128)       ;; a chunk of the row; in the second pass its error x − q·scale
    (local $maxV v128)    ;; lane-wise max|x|
    (local $sumV v128)    ;; lane-wise Σx²
    (local $invV v128)    ;; $inv in every lane
    (local $scaleV v128)  ;; $s in every lane
    (local $resV v128)    ;; lane-wise Σ(x − q·scale)²
    (local $q0 v128) (local $q1 v128) (local $q2 v128) (local $q3 v128)  ;; four chunks of codes, as i32x4
    ;; First pass: max|x| and Σx², lane-wise.
    (local.set $maxV (v128.const i32x4 0 0 0 0))
    (local.set $sumV (v128.const i32x4 0 0 0 0))
    (loop $chunk
      (local.set $x (v128.load (i32.add (local.get $floats) (local.get $i))))
      (local.set $maxV (f32x4.max (f32x4.abs (local.get $x)) (local.get $maxV)))
      (local.set $sumV (f32x4.add (local.get $sumV) (f32x4.mul (local.get $x) (local.get $x))))
      (br_if $chunk (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16))) (i32.const 2048))))
    (f32.store (local.get $norm) (call $sumF32x4 (local.get $sumV)))
    (local.set $max
      (f32.max
        (f32.max (f32x4.extract_lane 0 (local.get $maxV)) (f32x4.extract_lane 1 (local.get $maxV)))
        (f32.max (f32x4.extract_lane 2 (local.get $maxV)) (f32x4.extract_lane 3 (local.get $maxV)))))
    (local.set $s (f32.div (local.get $max) (f32.const 127)))
    (f32.store (local.get $scale) (local.get $s))
    (local.set $inv (select (f32.const 0) (f32.div (f32.const 1) (local.get $s)) (f32.eq (local.get $s) (f32.const 0))))
    (local.set $invV (f32x4.splat (local.get $inv)))
    (local.set $scaleV (f32x4.splat (local.get $s)))
    ;; Second pass, 16 values at a time: q = nearest(x · inv) as i32; res += (x − q·scale)²; then the
    ;; four i32x4 of codes are narrowed (saturating, but |q| ≤ 127 already) to 16 int8 and stored.
    (local.set $resV (v128.const i32x4 0 0 0 0))
    (local.set $dst (local.get $codes))
    (local.set $i (i32.const 0))
    (loop $group
      (local.set $src (i32.add (local.get $floats) (local.get $i)))
      (local.set $q0 (i32x4.trunc_sat_f32x4_s (f32x4.nearest (f32x4.mul (v128.load offset=0 (local.get $src)) (local.get $invV)))))
      (local.set $x (f32x4.sub (v128.load offset=0 (local.get $src)) (f32x4.mul (f32x4.convert_i32x4_s (local.get $q0)) (local.get $scaleV))))
      (local.set $resV (f32x4.add (f32x4.mul (local.get $x) (local.get $x)) (local.get $resV)))
      (local.set $q1 (i32x4.trunc_sat_f32x4_s (f32x4.nearest (f32x4.mul (v128.load offset=16 (local.get $src)) (local.get $invV)))))
      (local.set $x (f32x4.sub (v128.load offset=16 (local.get $src)) (f32x4.mul (f32x4.convert_i32x4_s (local.get $q1)) (local.get $scaleV))))
      (local.set $resV (f32x4.add (f32x4.mul (local.get $x) (local.get $x)) (local.get $resV)))
      (local.set $q2 (i32x4.trunc_sat_f32x4_s (f32x4.nearest (f32x4.mul (v128.load offset=32 (local.get $src)) (local.get $invV)))))
      (local.set $x (f32x4.sub (v128.load offset=32 (local.get $src)) (f32x4.mul (f32x4.convert_i32x4_s (local.get $q2)) (local.get $scaleV))))
      (local.set $resV (f32x4.add (f32x4.mul (local.get $x) (local.get $x)) (local.get $resV)))
      (local.set $q3 (i32x4.trunc_sat_f32x4_s (f32x4.nearest (f32x4.mul (v128.load offset=48 (local.get $src)) (local.get $invV)))))
      (local.set $x (f32x4.sub (v128.load offset=48 (local.get $src)) (f32x4.mul (f32x4.convert_i32x4_s (local.get $q3)) (local.get $scaleV))))
      (local.set $resV (f32x4.add (f32x4.mul (local.get $x) (local.get $x)) (local.get $resV)))
      (v128.store (local.get $dst)
        (i8x16.narrow_i16x8_s
          (i16x8.narrow_i32x4_s (local.get $q0) (local.get $q1))
          (i16x8.narrow_i32x4_s (local.get $q2) (local.get $q3))))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (br_if $group (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 64))) (i32.const 2048))))
    (f32.store (local.get $residual) (call $sumF32x4 (local.get $resV))))

  ;; quantizeRows(floats, codes, scales, norms, residuals, count): $quantizeRow for each row r < count,
  ;; into codes[r], scales[r], norms[r], residuals[r].
  (func (export "quantizeRows")
    (param $floats i32) (param $codes i32) (param $scales i32) (param $norms i32) (param $residuals i32) (param $count i32)
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $count)))
        (call $quantizeRow (local.get $floats) (local.get $codes) (local.get $scales) (local.get $norms) (local.get $residuals))
        (local.set $floats (i32.add (local.get $floats) (i32.const 2048)))
        (local.set $codes (i32.add (local.get $codes) (i32.const 512)))
        (local.set $scales (i32.add (local.get $scales) (i32.const 4)))
        (local.set $norms (i32.add (local.get $norms) (i32.const 4)))
        (local.set $residuals (i32.add (local.get $residuals) (i32.const 4)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $row))))
)
