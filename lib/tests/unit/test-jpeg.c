// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * JPEG encoder: round trips through TurboJPEG's and libjpeg's decoders with
 * a PSNR floor, the planar fast paths, argument checks, and no per-frame
 * allocation of frame-sized buffers.
 *
 * Threshold: on the smooth synthetic image below, quality 90 must give
 * >= 40 dB PSNR on every plane (measured: 52 dB luma, 55 dB chroma); a
 * wrong plane order, stride or subsampling gives well under 25 dB.
 */
#include <errno.h>
#include <stdio.h>	/* before jpeglib.h, which uses FILE and size_t */
#include <jpeglib.h>
#include <linux/videodev2.h>
#include <string.h>
#include <turbojpeg.h>

#include "internal.h"
#include "unit.h"

#define W		640
#define H		480
#define QUALITY		90
#define MIN_PSNR	40.0
#define YUYV_STRIDE	(2 * W + 64)	/* padded rows, as some drivers do */
#define I420_STRIDE	(W + 32)

/* ---- counting allocator: every malloc of this process goes through it -- */

/*
 * AddressSanitizer brings its own malloc, which this one would hide: the
 * sanitizer build (tests/sanitizers.sh) leaves the counter and its test
 * out; the plain build runs them.
 */
#ifdef __SANITIZE_ADDRESS__
#define COUNTING_ALLOCATOR 0
#else
#define COUNTING_ALLOCATOR 1

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);

static int counting;
static size_t alloc_count, alloc_bytes, alloc_max;

static void count_alloc(size_t n)
{
	if (!counting)
		return;
	alloc_count++;
	alloc_bytes += n;
	if (n > alloc_max)
		alloc_max = n;
}

void *malloc(size_t size)
{
	count_alloc(size);
	return __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	count_alloc(n * size);
	return __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
	count_alloc(size);
	return __libc_realloc(p, size);
}
#endif

/* ---- synthetic frames --------------------------------------------------- */

/* Smooth planes (4:4:4 reference), limited-range values. */
static uint8_t ref_y[H][W], ref_u[H][W], ref_v[H][W];

static void make_reference(int shift)
{
	int x, y;

	for (y = 0; y < H; y++) {
		for (x = 0; x < W; x++) {
			double fx = (double)(x + shift) / W, fy = (double)y / H;

			/* A gradient, broad waves and some 18-pixel texture. */
			ref_y[y][x] = (uint8_t)(50 + 120 * fx * fy +
					       30 * sin(6.0 * fx) * cos(4.0 * fy) +
					       12 * sin(0.35 * (x + shift)) * sin(0.27 * y));
			ref_u[y][x] = (uint8_t)(128 + 50 * sin(3.0 * fx + 2.0 * fy));
			ref_v[y][x] = (uint8_t)(128 + 50 * cos(2.0 * fx - 3.0 * fy));
		}
	}
}

/* Chroma sample of a (2 x @vsub) block, as a camera would have it. */
static uint8_t chroma(uint8_t (*p)[W], int cx, int cy, int vsub)
{
	int sum = 0, n = 0, dy, dx;

	for (dy = 0; dy < vsub; dy++)
		for (dx = 0; dx < 2; dx++, n++)
			sum += p[cy * vsub + dy][cx * 2 + dx];
	return (uint8_t)((sum + n / 2) / n);
}

static uint8_t yuyv[H * YUYV_STRIDE];
static uint8_t i420[I420_STRIDE * H + 2 * (I420_STRIDE / 2) * (H / 2)];

static struct ipcam_frame make_yuyv(void)
{
	struct ipcam_frame f = {
		.data = yuyv, .bytesused = sizeof(yuyv), .width = W, .height = H,
		.fourcc = V4L2_PIX_FMT_YUYV, .bytesperline = YUYV_STRIDE,
	};
	int x, y;

	memset(yuyv, 0xee, sizeof(yuyv));
	for (y = 0; y < H; y++) {
		for (x = 0; x < W / 2; x++) {
			uint8_t *p = &yuyv[y * YUYV_STRIDE + 4 * x];

			p[0] = ref_y[y][2 * x];
			p[1] = chroma(ref_u, x, y, 1);
			p[2] = ref_y[y][2 * x + 1];
			p[3] = chroma(ref_v, x, y, 1);
		}
	}
	return f;
}

/* I420 (U plane first) or YV12 (V first), rows padded to I420_STRIDE. */
static struct ipcam_frame make_planar420(uint32_t fourcc)
{
	struct ipcam_frame f = {
		.data = i420, .bytesused = sizeof(i420), .width = W, .height = H,
		.fourcc = fourcc, .bytesperline = I420_STRIDE,
	};
	uint8_t *first = i420 + I420_STRIDE * H;
	uint8_t *second = first + (I420_STRIDE / 2) * (H / 2);
	uint8_t *u = fourcc == V4L2_PIX_FMT_YUV420 ? first : second;
	uint8_t *v = fourcc == V4L2_PIX_FMT_YUV420 ? second : first;
	int x, y;

	memset(i420, 0xee, sizeof(i420));
	for (y = 0; y < H; y++)
		memcpy(&i420[y * I420_STRIDE], ref_y[y], W);
	for (y = 0; y < H / 2; y++) {
		for (x = 0; x < W / 2; x++) {
			u[y * (I420_STRIDE / 2) + x] = chroma(ref_u, x, y, 2);
			v[y * (I420_STRIDE / 2) + x] = chroma(ref_v, x, y, 2);
		}
	}
	return f;
}

/* ---- decoding ----------------------------------------------------------- */

struct decoded {
	int subsamp;
	uint8_t y[H * W], u[H * W], v[H * W];	/* planes at their own size */
	int cw, ch;				/* chroma plane size */
};

static struct decoded dec;

static void tj_decode(const uint8_t *jpeg, size_t size)
{
	unsigned char *planes[3] = { dec.y, dec.u, dec.v };
	int w, h, colorspace, strides[3];
	tjhandle tj = tjInitDecompress();

	ck_assert_ptr_nonnull(tj);
	ck_assert_int_eq(tjDecompressHeader3(tj, jpeg, size, &w, &h, &dec.subsamp,
					     &colorspace), 0);
	ck_assert_int_eq(w, W);
	ck_assert_int_eq(h, H);
	ck_assert_int_eq(colorspace, TJCS_YCbCr);
	dec.cw = tjPlaneWidth(1, W, dec.subsamp);
	dec.ch = tjPlaneHeight(1, H, dec.subsamp);
	strides[0] = W;
	strides[1] = strides[2] = dec.cw;
	ck_assert_int_eq(tjDecompressToYUVPlanes(tj, jpeg, size, planes, W, strides,
						 H, 0), 0);
	tjDestroy(tj);
}

/* PSNR of a decoded chroma plane against the reference, subsampled alike. */
static double chroma_psnr(uint8_t (*ref)[W], const uint8_t *plane, int vsub)
{
	static uint8_t sub[H * W];
	int x, y;

	for (y = 0; y < dec.ch; y++)
		for (x = 0; x < dec.cw; x++)
			sub[y * dec.cw + x] = chroma(ref, x, y, vsub);
	return unit_psnr(sub, dec.cw, plane, dec.cw, dec.cw, dec.ch);
}

static void check_round_trip(const struct ipcam_frame *f, int want_subsamp,
			     int vsub)
{
	struct ipcam_jpeg *j;
	const uint8_t *out;
	size_t size;
	double py, pu, pv;

	ck_assert_int_eq(ipcam_jpeg_new(&j, f->fourcc, W, H, QUALITY), 0);
	ck_assert_int_eq(ipcam_jpeg_encode(j, f, &out, &size), 0);
	ck_assert_uint_gt(size, 1000);
	ck_assert(out[0] == 0xff && out[1] == 0xd8);			/* SOI */
	ck_assert(out[size - 2] == 0xff && out[size - 1] == 0xd9);	/* EOI */
	tj_decode(out, size);
	ck_assert_int_eq(dec.subsamp, want_subsamp);
	py = unit_psnr(&ref_y[0][0], W, dec.y, W, W, H);
	pu = chroma_psnr(ref_u, dec.u, vsub);
	pv = chroma_psnr(ref_v, dec.v, vsub);
	ck_assert_msg(py >= MIN_PSNR && pu >= MIN_PSNR && pv >= MIN_PSNR,
		      "PSNR Y %.1f U %.1f V %.1f dB, want >= %.0f", py, pu, pv,
		      MIN_PSNR);
	if (getenv("UNIT_SHOW_PSNR"))
		printf("PSNR %s: Y %.1f U %.1f V %.1f dB, %zu bytes\n",
		       f->fourcc == V4L2_PIX_FMT_YUYV ? "YUYV" : "4:2:0", py, pu, pv, size);
	ipcam_jpeg_free(j);
}

START_TEST(test_yuyv_round_trip)
{
	struct ipcam_frame f;

	make_reference(0);
	f = make_yuyv();
	check_round_trip(&f, TJSAMP_422, 1);
}
END_TEST

START_TEST(test_i420_round_trip)
{
	struct ipcam_frame f;

	make_reference(0);
	f = make_planar420(V4L2_PIX_FMT_YUV420);
	check_round_trip(&f, TJSAMP_420, 2);
}
END_TEST

START_TEST(test_yv12_round_trip)
{
	struct ipcam_frame f;

	make_reference(0);
	f = make_planar420(V4L2_PIX_FMT_YVU420);
	check_round_trip(&f, TJSAMP_420, 2);
}
END_TEST

/* The metric itself tells images apart: a quarter-width shift fails it. */
START_TEST(test_psnr_detects_a_different_image)
{
	struct ipcam_jpeg *j;
	struct ipcam_frame f;
	const uint8_t *out;
	size_t size;

	make_reference(160);
	f = make_yuyv();
	ck_assert_int_eq(ipcam_jpeg_new(&j, f.fourcc, W, H, QUALITY), 0);
	ck_assert_int_eq(ipcam_jpeg_encode(j, &f, &out, &size), 0);
	tj_decode(out, size);
	make_reference(0);
	ck_assert_double_lt(unit_psnr(&ref_y[0][0], W, dec.y, W, W, H), 25.0);
	ipcam_jpeg_free(j);
}
END_TEST

/* libjpeg (not TurboJPEG) reads it: the header says what we encoded. */
static void libjpeg_check(const struct ipcam_frame *f, int h_samp, int v_samp)
{
	struct jpeg_decompress_struct cinfo;
	struct jpeg_error_mgr jerr;
	static uint8_t rgbrow[W * 3], luma[H * W];
	struct ipcam_jpeg *j;
	const uint8_t *out;
	size_t size;
	double p;

	ck_assert_int_eq(ipcam_jpeg_new(&j, f->fourcc, W, H, QUALITY), 0);
	ck_assert_int_eq(ipcam_jpeg_encode(j, f, &out, &size), 0);
	cinfo.err = jpeg_std_error(&jerr);
	jpeg_create_decompress(&cinfo);
	jpeg_mem_src(&cinfo, out, size);
	ck_assert_int_eq(jpeg_read_header(&cinfo, TRUE), JPEG_HEADER_OK);
	ck_assert_uint_eq(cinfo.image_width, W);
	ck_assert_uint_eq(cinfo.image_height, H);
	ck_assert_int_eq(cinfo.num_components, 3);
	ck_assert_int_eq(cinfo.jpeg_color_space, JCS_YCbCr);
	ck_assert_int_eq(cinfo.comp_info[0].h_samp_factor, h_samp);
	ck_assert_int_eq(cinfo.comp_info[0].v_samp_factor, v_samp);
	ck_assert_int_eq(cinfo.comp_info[1].h_samp_factor, 1);
	ck_assert_int_eq(cinfo.comp_info[2].v_samp_factor, 1);
	cinfo.out_color_space = JCS_YCbCr;	/* no colour conversion: compare Y */
	jpeg_start_decompress(&cinfo);
	while (cinfo.output_scanline < cinfo.output_height) {
		JSAMPROW row = rgbrow;
		unsigned int line = cinfo.output_scanline, x;

		ck_assert_uint_eq(jpeg_read_scanlines(&cinfo, &row, 1), 1);
		for (x = 0; x < W; x++)
			luma[line * W + x] = rgbrow[3 * x];
	}
	jpeg_finish_decompress(&cinfo);
	jpeg_destroy_decompress(&cinfo);
	p = unit_psnr(&ref_y[0][0], W, luma, W, W, H);
	ck_assert_msg(p >= MIN_PSNR, "libjpeg luma PSNR %.1f dB", p);
	ipcam_jpeg_free(j);
}

START_TEST(test_libjpeg_decodes_422)
{
	struct ipcam_frame f;

	make_reference(0);
	f = make_yuyv();
	libjpeg_check(&f, 2, 1);
}
END_TEST

START_TEST(test_libjpeg_decodes_420)
{
	struct ipcam_frame f;

	make_reference(0);
	f = make_planar420(V4L2_PIX_FMT_YUV420);
	libjpeg_check(&f, 2, 2);
}
END_TEST

START_TEST(test_quality)
{
	struct ipcam_jpeg *j;
	struct ipcam_frame f;
	const uint8_t *out;
	size_t low, high;

	make_reference(0);
	f = make_yuyv();
	ck_assert_int_eq(ipcam_jpeg_new(&j, f.fourcc, W, H, 20), 0);
	ck_assert_int_eq(ipcam_jpeg_encode(j, &f, &out, &low), 0);
	ck_assert_int_eq(ipcam_jpeg_set_quality(j, 95), 0);
	ck_assert_int_eq(ipcam_jpeg_encode(j, &f, &out, &high), 0);
	ck_assert_uint_lt(2 * low, high);
	ck_assert_int_eq(ipcam_jpeg_set_quality(j, 0), -EINVAL);
	ck_assert_int_eq(ipcam_jpeg_set_quality(j, 101), -EINVAL);
	ck_assert_ptr_nonnull(strstr(ipcam_jpeg_last_error(j), "101"));
	ipcam_jpeg_free(j);
}
END_TEST

START_TEST(test_bad_arguments)
{
	struct ipcam_jpeg *j = (struct ipcam_jpeg *)1;
	struct ipcam_frame f, g;
	const uint8_t *out;
	size_t size;

	ck_assert_int_eq(ipcam_jpeg_new(&j, V4L2_PIX_FMT_RGB24, W, H, 80), -EOPNOTSUPP);
	ck_assert_ptr_null(j);
	ck_assert_int_eq(ipcam_jpeg_new(&j, V4L2_PIX_FMT_YUYV, 641, H, 80), -EINVAL);
	ck_assert_int_eq(ipcam_jpeg_new(&j, V4L2_PIX_FMT_YUYV, 0, H, 80), -EINVAL);
	ck_assert_int_eq(ipcam_jpeg_new(&j, V4L2_PIX_FMT_YUYV, W, 70000, 80), -EINVAL);
	ck_assert_int_eq(ipcam_jpeg_new(&j, V4L2_PIX_FMT_YUYV, W, H, 0), -EINVAL);
	ck_assert_int_eq(ipcam_jpeg_new(&j, V4L2_PIX_FMT_YUYV, W, H, 101), -EINVAL);

	make_reference(0);
	f = make_yuyv();
	ck_assert_int_eq(ipcam_jpeg_new(&j, V4L2_PIX_FMT_YUYV, W, H, 80), 0);
	g = f;
	g.width = 320;
	ck_assert_int_eq(ipcam_jpeg_encode(j, &g, &out, &size), -EINVAL);
	g = f;
	g.fourcc = V4L2_PIX_FMT_YUV420;
	ck_assert_int_eq(ipcam_jpeg_encode(j, &g, &out, &size), -EINVAL);
	g = f;
	g.bytesused = YUYV_STRIDE * (H - 1);	/* the last row is missing */
	ck_assert_int_eq(ipcam_jpeg_encode(j, &g, &out, &size), -EINVAL);
	ck_assert_ptr_nonnull(strstr(ipcam_jpeg_last_error(j), "bytes"));
	g = f;
	g.bytesperline = 2 * W - 2;
	ck_assert_int_eq(ipcam_jpeg_encode(j, &g, &out, &size), -EINVAL);
	g = f;
	g.data = NULL;
	ck_assert_int_eq(ipcam_jpeg_encode(j, &g, &out, &size), -EINVAL);
	/* Unpadded rows (bytesperline 0: "tightly packed") are fine. */
	g = f;
	g.bytesperline = 0;
	g.bytesused = 2 * W * H;
	ck_assert_int_eq(ipcam_jpeg_encode(j, &g, &out, &size), 0);
	ipcam_jpeg_free(j);

	f = make_planar420(V4L2_PIX_FMT_YUV420);
	ck_assert_int_eq(ipcam_jpeg_new(&j, V4L2_PIX_FMT_YUV420, W, H, 80), 0);
	g = f;
	g.bytesused = I420_STRIDE * H + (I420_STRIDE / 2) * (H / 2);	/* no V plane */
	ck_assert_int_eq(ipcam_jpeg_encode(j, &g, &out, &size), -EINVAL);
	ipcam_jpeg_free(j);
}
END_TEST

#if COUNTING_ALLOCATOR
/*
 * The output buffer never moves, and encoding allocates nothing the size
 * of a frame, plane or JPEG: what libjpeg takes for its own per-image
 * pools stays small and the same every frame.
 */
START_TEST(test_no_allocation_per_frame)
{
	const size_t smallest_buffer = (size_t)W / 2 * H;	/* a 4:2:2 chroma plane */
	const uint8_t *first, *out;
	struct ipcam_jpeg *j;
	struct ipcam_frame f;
	size_t size, per_frame = 0;
	int i;

	make_reference(0);
	f = make_yuyv();
	ck_assert_int_eq(ipcam_jpeg_new(&j, f.fourcc, W, H, QUALITY), 0);
	ck_assert_int_eq(ipcam_jpeg_encode(j, &f, &first, &size), 0);
	for (i = 0; i < 20; i++) {
		yuyv[i] ^= 0x55;	/* a different frame each time */
		alloc_count = alloc_bytes = alloc_max = 0;
		counting = 1;
		ck_assert_int_eq(ipcam_jpeg_encode(j, &f, &out, &size), 0);
		counting = 0;
		ck_assert_ptr_eq(out, first);
		ck_assert_msg(alloc_max < smallest_buffer,
			      "frame %d: a %zu-byte allocation", i, alloc_max);
		if (i)
			ck_assert_uint_eq(alloc_bytes, per_frame);
		per_frame = alloc_bytes;
	}
	ipcam_jpeg_free(j);
	/* The counter works: creating an encoder does allocate, and big. */
	alloc_count = alloc_bytes = alloc_max = 0;
	counting = 1;
	ck_assert_int_eq(ipcam_jpeg_new(&j, f.fourcc, W, H, QUALITY), 0);
	counting = 0;
	ck_assert_uint_ge(alloc_max, smallest_buffer);
	ipcam_jpeg_free(j);
}
END_TEST
#endif

static Suite *jpeg_suite(void)
{
	Suite *s = suite_create("jpeg");
	TCase *tc = tcase_create("round-trip");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_yuyv_round_trip);
	tcase_add_test(tc, test_i420_round_trip);
	tcase_add_test(tc, test_yv12_round_trip);
	tcase_add_test(tc, test_psnr_detects_a_different_image);
	tcase_add_test(tc, test_libjpeg_decodes_422);
	tcase_add_test(tc, test_libjpeg_decodes_420);
	suite_add_tcase(s, tc);
	tc = tcase_create("encoder");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_quality);
	tcase_add_test(tc, test_bad_arguments);
#if COUNTING_ALLOCATOR
	tcase_add_test(tc, test_no_allocation_per_frame);
#endif
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(jpeg_suite)
