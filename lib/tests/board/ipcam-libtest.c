// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ipcam-libtest: libipcam against a real camera, inside the QEMU board.
 * One "PASS: ..." or "FAIL: ..." line per check ("SKIP: ..." for what the
 * camera does not have); the exit status is non-zero if any check failed.
 *
 *   ipcam-libtest [--device NAME] [--expect-ptz | --no-ptz]
 *                 [--require-controls] [--frames N]
 *                 [--hotplug-source auto|udev|kernel]
 *   ipcam-libtest --device NAME --unplug-cmd CMD [--replug-cmd CMD] ...
 *
 * NAME is anything ipcam_camera_find() takes (name attribute, node, ...).
 * Without --unplug-cmd: discovery, capture in YUYV and YUV420, JPEG of
 * captured frames, settings by meaning, and every PTZ operation when the
 * camera has a PTZ node.  With --unplug-cmd: discovery, then the camera is
 * removed while streaming (CMD, run with sh -c): the next dequeue must fail
 * with -ENODEV, nothing may crash, and the hotplug monitor must report the
 * removal; --replug-cmd then brings it back and the monitor must report it.
 * --require-controls turns a missing control or SDK resolution into a
 * failure (for ipcam, which has them all).
 */
#include <errno.h>
#include <getopt.h>
#include <linux/videodev2.h>
#include <math.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <turbojpeg.h>
#include <unistd.h>

#include "ipcam.h"

#define JPEG_QUALITY		90
/* Real pictures with text and edges: well above what a broken path gives. */
#define JPEG_MIN_PSNR		28.0

static struct {
	const char *device;
	int expect_ptz;		/* 1 must have, 0 must not, -1 either */
	int expect_mic;		/* the same for the microphone */
	int require_controls;
	int frames;
	enum ipcam_hotplug_source source;
	const char *unplug_cmd;
	const char *replug_cmd;
} opt = { .expect_ptz = -1, .expect_mic = -1, .frames = 10 };

static char label[80];		/* "[ipcam-0] " in front of every line */
static int failures;

static void report(const char *kind, const char *fmt, va_list ap)
{
	printf("%s: %s", kind, label);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
}

__attribute__((format(printf, 1, 2)))
static void pass(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("PASS", fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 1, 2)))
static void fail(const char *fmt, ...)
{
	va_list ap;

	failures++;
	va_start(ap, fmt);
	report("FAIL", fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 1, 2)))
static void skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("SKIP", fmt, ap);
	va_end(ap);
}

/* PASS when @cond, else FAIL; the same text either way. */
__attribute__((format(printf, 2, 3)))
static int check(int cond, const char *fmt, ...)
{
	va_list ap;

	if (!cond)
		failures++;
	va_start(ap, fmt);
	report(cond ? "PASS" : "FAIL", fmt, ap);
	va_end(ap);
	return cond;
}

/* PASS when @err is 0, else FAIL with the library's messages. */
static int check_ok(int err, const char *detail, const char *what)
{
	if (!err) {
		pass("%s", what);
		return 1;
	}
	fail("%s: %s (%s)", what, ipcam_strerror(err), detail ? detail : "");
	return 0;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static const char *fourcc_name(uint32_t fourcc)
{
	static char s[5];
	int i;

	for (i = 0; i < 4; i++)
		s[i] = (char)((fourcc >> (8 * i)) & 0xff);
	s[4] = '\0';
	return s;
}

/* ------------------------------------------------------------------ */
/* Discovery */

static int discover(struct ipcam_camera_info *cam)
{
	struct ipcam_camera_info list[16], again;
	size_t n = 0, i;
	int err, listed = 0;

	err = ipcam_camera_list(list, 16, &n);
	if (!check(!err && n > 0, "discovery lists %zu camera(s)%s%s", n,
		   err ? ": " : "", err ? ipcam_strerror(err) : ""))
		return -ENOENT;
	if (opt.device)
		err = ipcam_camera_find(opt.device, cam);
	else
		*cam = list[0];
	if (!check(!err, "discovery finds '%s'%s%s",
		   opt.device ? opt.device : "the first camera",
		   err ? ": " : "", err ? ipcam_strerror(err) : ""))
		return err;
	snprintf(label, sizeof(label), "[%s] ", cam->name);
	printf("# camera: video %s, driver %s, card '%s', bus %s, parent %s, ptz %s\n",
	     cam->video_node, cam->driver, cam->card, cam->bus_info,
	     cam->parent_syspath, cam->ptz_node[0] ? cam->ptz_node : "none");
	for (i = 0; i < n && i < 16; i++)
		listed |= !strcmp(list[i].video_node, cam->video_node);
	check(listed, "the camera is in the list");
	err = ipcam_camera_find(cam->video_node, &again);
	check(!err && !strcmp(again.name, cam->name),
	      "found again by its node %s", cam->video_node);
	if (opt.expect_ptz == 1) {
		struct stat st;

		check(cam->ptz_node[0] && stat(cam->ptz_node, &st) == 0 &&
		      S_ISCHR(st.st_mode),
		      "PTZ node of the same parent found: '%s' (%s)",
		      cam->ptz_node, cam->ptz_syspath);
	} else if (opt.expect_ptz == 0) {
		check(!cam->ptz_node[0], "no PTZ node, as expected (got '%s')",
		      cam->ptz_node);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Microphone */

#define MIC_RATE	8000
#define MIC_CHUNK	800		/* 100 ms */
#define MIC_READS	5

/*
 * The camera's microphone through libipcam: found next to the video node,
 * an exact rate or none, one reader at a time, and times that count the
 * samples on CLOCK_MONOTONIC: consecutive reads exactly their length
 * apart, and each read's samples already captured when it returns.
 */
static void check_microphone(const struct ipcam_camera_info *cam)
{
	struct ipcam_audio *a, *b;
	int16_t buf[MIC_CHUNK];
	uint64_t t[MIC_READS], end, now = 0;
	ssize_t n = 0;
	int err, i, k, steady = 1;

	if (opt.expect_mic == 0) {
		check(!cam->sound_card[0], "no microphone, as expected (got '%s')",
		      cam->sound_card);
		check(ipcam_audio_open(cam, MIC_RATE, &a) == -ENODEV,
		      "opening its microphone gives -ENODEV");
		return;
	}
	if (!check(cam->sound_card[0] != '\0', "microphone of the same parent found: card '%s' (%s)",
		   cam->sound_card, cam->sound_syspath))
		return;
	check(ipcam_audio_open(cam, 44100, &a) == -EINVAL,
	      "44100 Hz is refused: the card has no such rate");
	err = ipcam_audio_open(cam, MIC_RATE, &a);
	if (!check_ok(err, "", "open the microphone at 8000 Hz"))
		return;
	check(ipcam_audio_rate(a) == MIC_RATE, "it runs at %u Hz", ipcam_audio_rate(a));
	err = ipcam_audio_open(cam, MIC_RATE, &b);
	check(err == -EBUSY, "a second open while it records: -EBUSY (got %d)", err);
	if (!err)
		ipcam_audio_close(b);
	for (i = 0; i < MIC_READS; i++) {
		n = ipcam_audio_read(a, buf, MIC_CHUNK, &t[i]);
		now = now_ns();
		if (n != MIC_CHUNK)
			break;
	}
	check(i == MIC_READS, "%d reads of 100 ms (last: %zd)", MIC_READS, n);
	for (k = 1; k < i; k++)
		steady &= t[k] - t[k - 1] == 100000000u;
	check(i > 1 && steady, "consecutive reads are stamped exactly 100 ms apart");
	end = i ? t[i - 1] + 100000000u : 0;
	check(i && end <= now + 1000000u && now - end < 600000000u,
	      "the last read's samples were captured before it returned (%lld ms before)",
	      i ? ((long long)now - (long long)end) / 1000000 : -1LL);
	ipcam_audio_close(a);
}

/* ------------------------------------------------------------------ */
/* Capture and JPEG */

/* Wait for and dequeue one frame: 0, or a negative errno (-ETIMEDOUT). */
static int next_frame(struct ipcam_video *v, struct ipcam_frame *f, int timeout_ms)
{
	uint64_t end = now_ns() + (uint64_t)timeout_ms * 1000000u;
	int err;

	for (;;) {
		err = ipcam_video_dequeue(v, f);
		if (err != -EAGAIN)
			return err;
		if (now_ns() >= end)
			return -ETIMEDOUT;
		err = ipcam_video_wait(v, 500);
		if (err && err != -ETIMEDOUT)
			return err;
	}
}

static size_t min_frame_bytes(const struct ipcam_format *fmt)
{
	if (fmt->fourcc == V4L2_PIX_FMT_YUYV)
		return (size_t)fmt->bytesperline * (fmt->height - 1) + 2 * fmt->width;
	return (size_t)fmt->bytesperline * fmt->height * 3 / 2;
}

/* The frame's luma plane, tightly packed, malloc()ed. */
static uint8_t *frame_luma(const struct ipcam_frame *f)
{
	uint8_t *y = malloc((size_t)f->width * f->height);
	uint32_t r, c;

	if (!y)
		return NULL;
	for (r = 0; r < f->height; r++)
		for (c = 0; c < f->width; c++)
			y[r * f->width + c] = f->fourcc == V4L2_PIX_FMT_YUYV ?
				f->data[r * f->bytesperline + 2 * c] :
				f->data[r * f->bytesperline + c];
	return y;
}

static double mean_luma(const struct ipcam_frame *f)
{
	uint8_t *y = frame_luma(f);
	double sum = 0;
	size_t i, n = (size_t)f->width * f->height;

	if (!y)
		return -1;
	for (i = 0; i < n; i++)
		sum += y[i];
	free(y);
	return sum / n;
}

/* Encode a captured frame with libipcam, decode it with TurboJPEG. */
static void check_jpeg(const struct ipcam_frame *f)
{
	struct ipcam_jpeg *j;
	const uint8_t *out;
	uint8_t *want = NULL, *got = NULL;
	size_t size, i, n = (size_t)f->width * f->height;
	int w = 0, h = 0, sub, cs, err;
	tjhandle tj = NULL;
	double se = 0, psnr;

	err = ipcam_jpeg_new(&j, f->fourcc, f->width, f->height, JPEG_QUALITY);
	if (!check_ok(err, "", "JPEG encoder for the captured format"))
		return;
	err = ipcam_jpeg_encode(j, f, &out, &size);
	if (!check_ok(err, ipcam_jpeg_last_error(j), "JPEG of a captured frame"))
		goto out;
	tj = tjInitDecompress();
	want = frame_luma(f);
	got = malloc(n);
	if (!tj || !want || !got ||
	    tjDecompressHeader3(tj, out, size, &w, &h, &sub, &cs) < 0 ||
	    tjDecompress2(tj, out, size, got, w, w, h, TJPF_GRAY, 0) < 0) {
		fail("JPEG of a %s %ux%u frame (%zu bytes) decodes: %s",
		     fourcc_name(f->fourcc), f->width, f->height, size,
		     tj ? tjGetErrorStr2(tj) : "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		double d = (double)want[i] - got[i];

		se += d * d;
	}
	psnr = se ? 10 * log10(255.0 * 255.0 * n / se) : 99.0;
	check(w == (int)f->width && h == (int)f->height &&
	      sub == (f->fourcc == V4L2_PIX_FMT_YUYV ? TJSAMP_422 : TJSAMP_420) &&
	      psnr >= JPEG_MIN_PSNR,
	      "JPEG of a %s %ux%u frame decodes: %dx%d, %zu bytes, luma PSNR %.1f dB (>= %.0f)",
	      fourcc_name(f->fourcc), f->width, f->height, w, h, size, psnr,
	      JPEG_MIN_PSNR);
out:
	if (tj)
		tjDestroy(tj);
	free(want);
	free(got);
	ipcam_jpeg_free(j);
}

/*
 * The format list: the device's own formats unflagged (ipcam and vivid both
 * have YUYV and YU12), and what libv4l2 converts to marked emulated; ipcam
 * has no RGB, so libv4l2's RGB3 is one of those.
 */
static void check_formats(struct ipcam_video *v, const struct ipcam_camera_info *cam)
{
	uint32_t fourcc, flags, legacy;
	int yuyv = -1, yu12 = -1, rgb3 = -1, same = 1;
	unsigned int i;

	for (i = 0; !ipcam_video_enum_format_flags(v, i, &fourcc, &flags); i++) {
		int emulated = !!(flags & V4L2_FMT_FLAG_EMULATED);

		if (fourcc == V4L2_PIX_FMT_YUYV)
			yuyv = emulated;
		else if (fourcc == V4L2_PIX_FMT_YUV420)
			yu12 = emulated;
		else if (fourcc == V4L2_PIX_FMT_RGB24)
			rgb3 = emulated;
		same &= !ipcam_video_enum_format(v, i, &legacy) && legacy == fourcc;
	}
	check(i > 0 && same, "%u formats, enum_format and enum_format_flags agree", i);
	check(yuyv == 0 && yu12 == 0, "YUYV and YU12 are the device's own (emulated: %d, %d)",
	      yuyv, yu12);
	if (!strcmp(cam->driver, "ipcam"))
		check(rgb3 == 1, "RGB3 is libv4l2's conversion, marked emulated (%d)", rgb3);
}

/*
 * Capture opt.frames frames: sizes as set, sequence increasing, timestamps
 * increasing and on CLOCK_MONOTONIC; JPEG the last one.
 */
static void capture_format(struct ipcam_video *v, uint32_t fourcc)
{
	struct ipcam_format fmt = { .fourcc = fourcc, .width = 640, .height = 480 };
	struct ipcam_interval iv = { 1, 30 }, got;
	struct ipcam_frame f, prev = { 0 };
	const char *name = fourcc_name(fourcc);
	uint64_t first_ts = 0;
	int err, i, bad = 0;
	char why[160] = "";

	err = ipcam_video_set_format(v, &fmt);
	if (!check_ok(err, ipcam_video_last_error(v), "set format"))
		return;
	check(fmt.fourcc == fourcc && fmt.width && fmt.height &&
	      fmt.bytesperline >= fmt.width && fmt.sizeimage >= min_frame_bytes(&fmt),
	      "format %s %ux%u, %u bytes per line, %u bytes", name, fmt.width,
	      fmt.height, fmt.bytesperline, fmt.sizeimage);
	err = ipcam_video_set_interval(v, &iv);
	if (err == -EOPNOTSUPP) {
		skip("%s: the frame rate cannot be chosen", name);
	} else if (check_ok(err, ipcam_video_last_error(v), "set frame interval 1/30")) {
		err = ipcam_video_get_interval(v, &got);
		/* ipcam has 1/30 exactly; others may pick their nearest. */
		check(!err && got.num == iv.num && got.den == iv.den && got.num &&
		      (!opt.require_controls || (got.num == 1 && got.den == 30)),
		      "%s: frame interval reads back as %u/%u", name, got.num, got.den);
	}

	err = ipcam_video_start(v, 4);
	if (!check_ok(err, ipcam_video_last_error(v), "start streaming"))
		return;
	for (i = 0; i < opt.frames && !bad; i++) {
		err = next_frame(v, &f, 5000);
		if (err) {
			snprintf(why, sizeof(why), "frame %d: %s (%s)", i,
				 ipcam_strerror(err), ipcam_video_last_error(v));
			bad = 1;
			break;
		}
		if (f.width != fmt.width || f.height != fmt.height ||
		    f.fourcc != fourcc || f.bytesused < min_frame_bytes(&fmt))
			snprintf(why, sizeof(why), "frame %d: %ux%u %s, %zu bytes",
				 i, f.width, f.height, fourcc_name(f.fourcc), f.bytesused);
		else if (i && f.sequence <= prev.sequence)
			snprintf(why, sizeof(why), "sequence %u after %u", f.sequence,
				 prev.sequence);
		else if (i && f.timestamp_ns <= prev.timestamp_ns)
			snprintf(why, sizeof(why), "timestamp %llu after %llu",
				 (unsigned long long)f.timestamp_ns,
				 (unsigned long long)prev.timestamp_ns);
		else if ((f.flags & V4L2_BUF_FLAG_TIMESTAMP_MASK) !=
			 V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC ||
			 /* Drivers may stamp a frame with the time it is
			  * completed (vivid predicts it): allow 1 s ahead.
			  */
			 f.timestamp_ns > now_ns() + 1000000000ull ||
			 f.timestamp_ns + 10000000000ull < now_ns())
			snprintf(why, sizeof(why), "timestamp %llu ns is not recent CLOCK_MONOTONIC (flags 0x%x)",
				 (unsigned long long)f.timestamp_ns, f.flags);
		bad = why[0] != '\0';
		if (!i)
			first_ts = f.timestamp_ns;
		prev = f;
		if (i == opt.frames - 1 && !bad)
			break;	/* keep the last frame for the JPEG check */
		err = ipcam_video_requeue(v, &f);
		if (err) {
			snprintf(why, sizeof(why), "requeue: %s", ipcam_strerror(err));
			bad = 1;
		}
	}
	if (check(!bad, "capture %s %ux%u: %d frames, sequence and timestamps increasing%s%s",
		  name, fmt.width, fmt.height, opt.frames, why[0] ? ": " : "", why)) {
		printf("# %s: %.1f frames/s measured over %d frames\n", name,
		     (opt.frames - 1) * 1e9 / (double)(prev.timestamp_ns - first_ts + 1),
		     opt.frames);
		/* The frame is still ours: requeueing it twice is refused. */
		check_jpeg(&prev);
		err = ipcam_video_requeue(v, &prev);
		check(!err && ipcam_video_requeue(v, &prev) == -EINVAL,
		      "%s: requeue gives the frame back once, a second time is -EINVAL", name);
		check(ipcam_video_set_setting(v, IPCAM_SETTING_RESOLUTION,
					      IPCAM_RESOLUTION_320X240) == -EBUSY,
		      "%s: changing the resolution while streaming is -EBUSY", name);
	}
	check_ok(ipcam_video_stop(v), ipcam_video_last_error(v), "stop streaming");
}

/* ------------------------------------------------------------------ */
/* Settings by meaning */

static int missing(int err, const char *what)
{
	if (err != -EOPNOTSUPP)
		return 0;
	if (opt.require_controls)
		fail("%s: the camera lacks it", what);
	else
		skip("%s: the camera lacks it", what);
	return 1;
}

static void round_trip(struct ipcam_video *v, enum ipcam_setting s,
		       const char *name, const int *values, int n)
{
	int orig, got = -1, err, i;
	char why[128] = "";

	err = ipcam_video_get_setting(v, s, &orig);
	if (missing(err, name))
		return;
	if (err == -ERANGE) {
		orig = values[0];	/* a value without an SDK meaning */
	} else if (!check_ok(err, ipcam_video_last_error(v), name)) {
		return;
	}
	for (i = 0; i < n && !why[0]; i++) {
		err = ipcam_video_set_setting(v, s, values[i]);
		if (missing(err, name))
			return;
		if (err)
			snprintf(why, sizeof(why), "set %d: %s", values[i],
				 ipcam_video_last_error(v));
		else if ((err = ipcam_video_get_setting(v, s, &got)) || got != values[i])
			snprintf(why, sizeof(why), "set %d, read %d (%s)", values[i],
				 got, err ? ipcam_strerror(err) : "");
	}
	check(!why[0], "%s round-trips through the device (%d values)%s%s", name,
	      n, why[0] ? ": " : "", why);
	ipcam_video_set_setting(v, s, orig);
}

/* The effect, not only the number: brightness 255 is brighter than 0. */
static void check_brightness_effect(struct ipcam_video *v)
{
	struct ipcam_format fmt = { V4L2_PIX_FMT_YUYV, 320, 240, 0, 0 };
	double mean[2] = { -1, -1 };
	struct ipcam_frame f;
	int orig, k, i, err;

	if (ipcam_video_get_setting(v, IPCAM_SETTING_BRIGHTNESS, &orig) ||
	    ipcam_video_set_format(v, &fmt))
		return;
	for (k = 0; k < 2; k++) {
		err = ipcam_video_set_setting(v, IPCAM_SETTING_BRIGHTNESS, k ? 255 : 0);
		if (err || ipcam_video_start(v, 4))
			break;
		/* Frames rendered after the change: take the third. */
		for (i = 0; i < 3; i++) {
			if (next_frame(v, &f, 5000))
				break;
			if (i == 2)
				mean[k] = mean_luma(&f);
			ipcam_video_requeue(v, &f);
		}
		ipcam_video_stop(v);
	}
	/*
	 * Whether the picture follows is the driver's business: required of
	 * ipcam, only reported for others (vivid's TV input may show noise).
	 */
	if (mean[0] >= 0 && mean[1] > mean[0] + 10)
		pass("brightness 255 gives a brighter picture than 0 (mean luma %.1f vs %.1f)",
		     mean[1], mean[0]);
	else if (opt.require_controls)
		fail("brightness 255 gives a brighter picture than 0 (mean luma %.1f vs %.1f)",
		     mean[1], mean[0]);
	else
		skip("the picture does not follow brightness (mean luma %.1f at 255, %.1f at 0)",
		     mean[1], mean[0]);
	ipcam_video_set_setting(v, IPCAM_SETTING_BRIGHTNESS, orig);
}

static void check_resolutions(struct ipcam_video *v)
{
	static const int codes[] = {
		IPCAM_RESOLUTION_160X120, IPCAM_RESOLUTION_320X240,
		IPCAM_RESOLUTION_640X480, IPCAM_RESOLUTION_1280X720,
	};
	struct ipcam_frame f = { 0 };
	uint32_t w, h;
	size_t i;
	int err, got = -1;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		ipcam_resolution_size(codes[i], &w, &h);
		err = ipcam_video_set_setting(v, IPCAM_SETTING_RESOLUTION, codes[i]);
		if (err == -EOPNOTSUPP) {
			missing(err, "resolution");
			continue;
		}
		if (!check_ok(err, ipcam_video_last_error(v), "set resolution by SDK code"))
			continue;
		err = ipcam_video_get_setting(v, IPCAM_SETTING_RESOLUTION, &got);
		if (!err && !(err = ipcam_video_start(v, 4))) {
			err = next_frame(v, &f, 5000);
			if (!err)
				ipcam_video_requeue(v, &f);
			ipcam_video_stop(v);
		}
		check(!err && got == codes[i] && f.width == w && f.height == h,
		      "resolution %d reads back as %d and gives %ux%u frames (%s)",
		      codes[i], got, err ? 0 : f.width, err ? 0 : f.height,
		      ipcam_strerror(err));
	}
}

static void check_settings(struct ipcam_video *v)
{
	static const int brightness[] = { 0, 255, 96, 160, 17 };
	static const int contrast[] = { 0, 1, 2, 3, 4, 5, 6 };
	static const int mode[] = { IPCAM_MODE_60HZ, IPCAM_MODE_OUTDOOR, IPCAM_MODE_50HZ };
	static const int flip[] = { IPCAM_FLIP_VERTICAL, IPCAM_FLIP_MIRROR,
				    IPCAM_FLIP_BOTH, IPCAM_FLIP_NONE };

	check_resolutions(v);
	round_trip(v, IPCAM_SETTING_BRIGHTNESS, "brightness", brightness, 5);
	round_trip(v, IPCAM_SETTING_CONTRAST, "contrast", contrast, 7);
	round_trip(v, IPCAM_SETTING_MODE, "mode", mode, 3);
	round_trip(v, IPCAM_SETTING_FLIP, "flip", flip, 4);
	check(ipcam_video_set_setting(v, IPCAM_SETTING_BRIGHTNESS, 256) == -EINVAL &&
	      ipcam_video_set_setting(v, IPCAM_SETTING_CONTRAST, 7) == -EINVAL &&
	      ipcam_video_set_setting(v, IPCAM_SETTING_MODE, 3) == -EINVAL &&
	      ipcam_video_set_setting(v, IPCAM_SETTING_FLIP, 4) == -EINVAL &&
	      ipcam_video_set_setting(v, IPCAM_SETTING_RESOLUTION, 5) == -EINVAL,
	      "values outside the SDK ranges are -EINVAL");
	check_brightness_effect(v);
}

/* ------------------------------------------------------------------ */
/* PTZ */

static int zero(const __u32 *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (r[i])
			return 0;
	return 1;
}

#define ZERO(arr)	zero((arr), sizeof(arr) / sizeof((arr)[0]))

static uint32_t last_seqno;
static int event_problems;

/*
 * Wait up to @timeout_ms for an event of @type (and @axis in its mask when
 * non-zero); other events are consumed.  Checks seqno continuity and the
 * reserved fields of every event on the way.
 */
static int wait_event(struct ipcam_ptz *p, uint32_t type, uint32_t axis,
		      long timeout_ms, struct ipcam_ptz_event *ev)
{
	uint64_t end = now_ns() + (uint64_t)timeout_ms * 1000000u;
	struct pollfd pfd = { .fd = ipcam_ptz_fd(p), .events = POLLIN };
	int err;

	for (;;) {
		err = ipcam_ptz_read_event(p, ev);
		if (!err) {
			if (last_seqno && ev->seqno != last_seqno + 1) {
				fail("PTZ event seqno %u after %u (queue overflow?)",
				     ev->seqno, last_seqno);
				event_problems++;
			}
			if (!ZERO(ev->reserved)) {
				fail("PTZ event %u has non-zero reserved fields", ev->type);
				event_problems++;
			}
			last_seqno = ev->seqno;
			if (ev->type == type && (!axis || (ev->axis_mask & axis)))
				return 0;
			continue;
		}
		if (err != -EAGAIN)
			return err;
		if (now_ns() >= end)
			return -ETIMEDOUT;
		poll(&pfd, 1, 200);
	}
}

static void drain_events(struct ipcam_ptz *p)
{
	struct ipcam_ptz_event ev;

	while (!ipcam_ptz_read_event(p, &ev))
		last_seqno = ev.seqno;
}

/* Generous time for @steps on @a, with accelerations and TCG slowness. */
static long move_ms(const struct ipcam_ptz_axis_info *a, int64_t steps)
{
	long ms = (long)(1000 * llabs(steps) / (a->max_rate ? a->max_rate : 1));

	if (a->accel)
		ms += (long)(2000 * (int64_t)a->max_rate / a->accel);
	return 3 * ms + 5000;
}

static void check_ptz_attrs(struct ipcam_ptz *p, const struct ipcam_ptz_status *st)
{
	int32_t v[IPCAM_PTZ_ATTR_COUNT], now;
	int a, err, bad = 0, written = 0;
	char list[512] = "", why[160] = "";

	for (a = 0; a < IPCAM_PTZ_ATTR_COUNT; a++) {
		const struct ipcam_ptz_attr_desc *d = ipcam_ptz_attr_describe(a);
		size_t len = strlen(list);

		err = ipcam_ptz_attr_get(p, a, &v[a]);
		if (err) {
			fail("sysfs %s: %s", d->name, ipcam_ptz_last_error(p));
			bad = 1;
			continue;
		}
		snprintf(list + len, sizeof(list) - len, " %s=%d", d->name, v[a]);
	}
	if (bad)
		return;
	pass("sysfs: all %d attributes read:%s", IPCAM_PTZ_ATTR_COUNT, list);
	check(v[IPCAM_PTZ_ATTR_PAN_POSITION] == st->pos[IPCAM_PTZ_AXIS_PAN] &&
	      v[IPCAM_PTZ_ATTR_TILT_POSITION] == st->pos[IPCAM_PTZ_AXIS_TILT] &&
	      v[IPCAM_PTZ_ATTR_STATE] == (int32_t)st->state,
	      "sysfs positions and state agree with IPCAM_PTZ_IOC_STATUS (%d/%d %u)",
	      st->pos[0], st->pos[1], st->state);

	/* Every writable attribute: another value in range, read back, restore. */
	for (a = 0; a < IPCAM_PTZ_ATTR_COUNT && !why[0]; a++) {
		const struct ipcam_ptz_attr_desc *d = ipcam_ptz_attr_describe(a);
		int32_t other = v[a] == d->max ? d->min : d->max;

		if (!d->writable)
			continue;
		err = ipcam_ptz_attr_set(p, a, other);
		if (!err)
			err = ipcam_ptz_attr_get(p, a, &now);
		if (err || now != other)
			snprintf(why, sizeof(why), "%s: wrote %d, read %d: %s", d->name,
				 other, now, ipcam_strerror(err));
		else if (ipcam_ptz_attr_set(p, a, d->max + 1) != -EINVAL ||
			 ipcam_ptz_attr_get(p, a, &now) || now != other)
			snprintf(why, sizeof(why), "%s: %d was not refused", d->name,
				 d->max + 1);
		if (ipcam_ptz_attr_set(p, a, v[a]))
			snprintf(why, sizeof(why), "%s: restoring %d: %s", d->name, v[a],
				 ipcam_ptz_last_error(p));
		written++;
	}
	check(!why[0], "sysfs: %d writable attributes round-trip, out of range refused%s%s",
	      written, why[0] ? ": " : "", why);
	check(ipcam_ptz_attr_set(p, IPCAM_PTZ_ATTR_PAN_POSITION, 0) == -EPERM &&
	      ipcam_ptz_attr_set(p, IPCAM_PTZ_ATTR_ALARM_INPUT, 0) == -EPERM,
	      "sysfs: read-only attributes are refused (-EPERM)");
}

static void check_ptz(const struct ipcam_camera_info *cam)
{
	const struct ipcam_ptz_axis_info *pan, *tilt;
	struct ipcam_ptz_status st = { 0 }, st2 = { 0 };
	struct ipcam_ptz_info info;
	struct ipcam_ptz_event ev = { 0 };
	struct ipcam_ptz_move bad;
	struct ipcam_ptz *p;
	int32_t target, ptarget, io, rate = 0;
	long t;
	int err, i;

	err = ipcam_ptz_open(&p, cam->ptz_node);
	if (!check_ok(err, "", "open the PTZ node"))
		return;
	err = ipcam_ptz_get_info(p, &info);
	if (!check_ok(err, ipcam_ptz_last_error(p), "IPCAM_PTZ_IOC_INFO"))
		goto out;
	pan = &info.axis[IPCAM_PTZ_AXIS_PAN];
	tilt = &info.axis[IPCAM_PTZ_AXIS_TILT];
	check(info.version == IPCAM_PTZ_API_VERSION &&
	      info.num_presets == IPCAM_PTZ_NUM_PRESETS && !info.reserved0 &&
	      ZERO(info.reserved) && ZERO(pan->reserved) && ZERO(tilt->reserved),
	      "info: version %u, %u presets, flags 0x%x, reserved fields zero",
	      info.version, info.num_presets, info.flags);
	for (i = 0; i < IPCAM_PTZ_NUM_AXES; i++) {
		const struct ipcam_ptz_axis_info *a = &info.axis[i];

		check(a->min < 0 && a->max > 0 && a->steps_per_rev && a->max_rate,
		      "info: %s axis %d..%d steps, %u steps/rev, %u steps/s, accel %u",
		      i ? "tilt" : "pan", a->min, a->max, a->steps_per_rev,
		      a->max_rate, a->accel);
	}
	err = ipcam_ptz_get_status(p, &st);
	if (!check_ok(err, ipcam_ptz_last_error(p), "IPCAM_PTZ_IOC_STATUS"))
		goto out;
	check(ZERO(st.reserved) && st.timestamp_ns <= now_ns() &&
	      now_ns() - st.timestamp_ns < 10000000000ull &&
	      st.state <= IPCAM_PTZ_STATE_SELFTEST,
	      "status: at %d/%d, state %u, flags 0x%x, presets 0x%x, timestamp on CLOCK_MONOTONIC",
	      st.pos[0], st.pos[1], st.state, st.flags, st.preset_mask);
	drain_events(p);

	/* Centre first so that every move below starts from a known place. */
	err = ipcam_ptz_center(p);
	t = move_ms(pan, (int64_t)pan->max - pan->min) + move_ms(tilt, (int64_t)tilt->max - tilt->min);
	if (!err)
		err = wait_event(p, IPCAM_PTZ_EVENT_HOMED, 0, t, &ev);
	if (!err)
		err = ipcam_ptz_get_status(p, &st);
	check(!err && st.pos[0] == 0 && st.pos[1] == 0,
	      "center: HOMED event, then at 0/0 (%s)", ipcam_strerror(err));
	check_ptz_attrs(p, &st);

	/* Relative pan. */
	target = pan->max / 4;
	err = ipcam_ptz_move_relative(p, IPCAM_PTZ_PAN, target, 0, 0);
	if (!err)
		err = wait_event(p, IPCAM_PTZ_EVENT_MOVE_DONE, IPCAM_PTZ_PAN,
				 move_ms(pan, target), &ev);
	if (!err)
		err = ipcam_ptz_get_status(p, &st);
	check(!err && st.pos[IPCAM_PTZ_AXIS_PAN] == target &&
	      ev.pos[IPCAM_PTZ_AXIS_PAN] == target && st.pos[IPCAM_PTZ_AXIS_TILT] == 0,
	      "relative move pan +%d: MOVE_DONE, now at %d/%d (%s)", target,
	      st.pos[0], st.pos[1], ipcam_strerror(err));

	/* Absolute tilt. */
	ptarget = target;
	target = tilt->min / 3;
	err = ipcam_ptz_move_absolute(p, IPCAM_PTZ_TILT, 0, target, 0);
	if (!err)
		err = wait_event(p, IPCAM_PTZ_EVENT_MOVE_DONE, IPCAM_PTZ_TILT,
				 move_ms(tilt, target), &ev);
	if (!err)
		err = ipcam_ptz_get_status(p, &st);
	check(!err && st.pos[IPCAM_PTZ_AXIS_TILT] == target &&
	      st.pos[IPCAM_PTZ_AXIS_PAN] == ptarget,
	      "absolute move tilt to %d: MOVE_DONE, now at %d/%d (%s)", target,
	      st.pos[0], st.pos[1], ipcam_strerror(err));

	/* Preset: store here, go elsewhere, come back. */
	err = ipcam_ptz_preset_set(p, 3);
	if (!err)
		err = ipcam_ptz_get_status(p, &st2);
	check(!err && (st2.preset_mask & (1U << 3)),
	      "preset 3 stored: mask 0x%x (%s)", st2.preset_mask, ipcam_strerror(err));
	err = ipcam_ptz_move_absolute(p, IPCAM_PTZ_ALL_AXES, 0, 0, 0);
	if (!err)
		err = wait_event(p, IPCAM_PTZ_EVENT_MOVE_DONE, 0,
				 move_ms(pan, ptarget) + move_ms(tilt, target), &ev);
	if (!err)
		err = ipcam_ptz_preset_goto(p, 3);
	if (!err)
		err = wait_event(p, IPCAM_PTZ_EVENT_PRESET_REACHED, 0,
				 move_ms(pan, ptarget) + move_ms(tilt, target), &ev);
	if (!err)
		err = ipcam_ptz_get_status(p, &st2);
	check(!err && ev.data == 3 && st2.pos[0] == st.pos[0] && st2.pos[1] == st.pos[1],
	      "preset 3 goto: PRESET_REACHED (data %u), back at %d/%d (%s)", ev.data,
	      st2.pos[0], st2.pos[1], ipcam_strerror(err));
	err = ipcam_ptz_preset_clear(p, 3);
	if (!err)
		err = ipcam_ptz_get_status(p, &st2);
	check(!err && !(st2.preset_mask & (1U << 3)), "preset 3 cleared: mask 0x%x (%s)",
	      st2.preset_mask, ipcam_strerror(err));
	{
		int32_t pan_at = 0, tilt_at = 0;

		/* saved and restored as a program keeping presets would */
		err = ipcam_ptz_preset_set(p, 3);
		if (!err)
			err = ipcam_ptz_preset_get(p, 3, &pan_at, &tilt_at);
		check(!err && pan_at == st.pos[0] && tilt_at == st.pos[1],
		      "preset 3 read back at %d/%d (%s)", pan_at, tilt_at, ipcam_strerror(err));
		err = ipcam_ptz_preset_restore(p, 3, 0, 0, 0);
		check(!err && ipcam_ptz_preset_get(p, 3, &pan_at, &tilt_at) == -ENOENT,
		      "preset 3 cleared by restore: -ENOENT (%s)", ipcam_strerror(err));
		err = ipcam_ptz_preset_restore(p, 3, 1, 7, -5);
		if (!err)
			err = ipcam_ptz_preset_get(p, 3, &pan_at, &tilt_at);
		check(!err && pan_at == 7 && tilt_at == -5,
		      "preset 3 restored at 7/-5: reads %d/%d (%s)", pan_at, tilt_at,
		      ipcam_strerror(err));
		check(ipcam_ptz_preset_restore(p, 3, 1, INT32_MAX, 0) == -ERANGE,
		      "a restore beyond the soft limits: -ERANGE");
		ipcam_ptz_preset_clear(p, 3);
	}
	err = ipcam_ptz_attr_set(p, IPCAM_PTZ_ATTR_PRESETS_DISABLED, 1);
	check(!err && ipcam_ptz_preset_set(p, 4) == -EPERM,
	      "presets_disabled=1: presets refused with -EPERM");
	ipcam_ptz_attr_set(p, IPCAM_PTZ_ATTR_PRESETS_DISABLED, 0);

	/* Continuous pan, then stop. */
	ipcam_ptz_get_status(p, &st);
	err = ipcam_ptz_move_continuous(p, IPCAM_PTZ_PAN, -1, 0, 0);
	sleep_ms(500);
	if (!err)
		err = ipcam_ptz_get_status(p, &st2);
	check(!err && st2.state == IPCAM_PTZ_STATE_MOVING && st2.rate[IPCAM_PTZ_AXIS_PAN] < 0,
	      "continuous move left: moving at %d steps/s (%s)",
	      st2.rate[IPCAM_PTZ_AXIS_PAN], ipcam_strerror(err));
	err = ipcam_ptz_stop(p, IPCAM_PTZ_ALL_AXES);
	for (i = 0; !err && i < 100; i++) {
		err = ipcam_ptz_get_status(p, &st2);
		if (err || st2.state == IPCAM_PTZ_STATE_IDLE)
			break;
		sleep_ms(100);
	}
	check(!err && st2.state == IPCAM_PTZ_STATE_IDLE &&
	      st2.pos[IPCAM_PTZ_AXIS_PAN] < st.pos[IPCAM_PTZ_AXIS_PAN],
	      "stop: idle again at pan %d (was %d) (%s)", st2.pos[0], st.pos[0],
	      ipcam_strerror(err));

	/* Requests the library refuses before the kernel sees them. */
	memset(&bad, 0, sizeof(bad));
	bad.mode = IPCAM_PTZ_MOVE_RELATIVE;
	bad.axis_mask = IPCAM_PTZ_PAN;
	bad.reserved[0] = 1;
	check(ipcam_ptz_send_move(p, &bad) == -EINVAL &&
	      ipcam_ptz_move_continuous(p, IPCAM_PTZ_PAN, 2, 0, 0) == -EINVAL &&
	      ipcam_ptz_preset_goto(p, IPCAM_PTZ_NUM_PRESETS) == -EINVAL &&
	      ipcam_ptz_stop(p, 0) == -EINVAL,
	      "invalid requests (reserved field, direction 2, preset 16, empty mask) are -EINVAL");

	/* IO output: the attribute change queues an event. */
	ipcam_ptz_attr_get(p, IPCAM_PTZ_ATTR_IO_OUTPUT, &io);
	err = ipcam_ptz_attr_set(p, IPCAM_PTZ_ATTR_IO_OUTPUT, !io);
	if (!err)
		err = wait_event(p, IPCAM_PTZ_EVENT_IO_OUTPUT, 0, 2000, &ev);
	check(!err && ev.data == (uint32_t)!io, "io_output %d -> %d: IO_OUTPUT event (data %u) (%s)",
	      io, !io, ev.data, ipcam_strerror(err));
	ipcam_ptz_attr_set(p, IPCAM_PTZ_ATTR_IO_OUTPUT, io);

	/* One fast patrol round on pan. */
	ipcam_ptz_attr_get(p, IPCAM_PTZ_ATTR_PATROL_RATE, &rate);
	ipcam_ptz_attr_set(p, IPCAM_PTZ_ATTR_PATROL_RATE, 0);
	t = 2 * move_ms(pan, 2 * ((int64_t)pan->max - pan->min));
	err = ipcam_ptz_patrol(p, IPCAM_PTZ_PAN, 1);
	if (!err)
		err = wait_event(p, IPCAM_PTZ_EVENT_PATROL_ROUND, 0, t, &ev);
	check(!err && ev.data == 1, "patrol 1 round: PATROL_ROUND event, data %u (%s)",
	      ev.data, ipcam_strerror(err));
	if (!err)
		err = wait_event(p, IPCAM_PTZ_EVENT_PATROL_DONE, 0, t, &ev);
	check(!err, "patrol 1 round: PATROL_DONE event (%s)", ipcam_strerror(err));
	ipcam_ptz_attr_set(p, IPCAM_PTZ_ATTR_PATROL_RATE, rate);

	/* Self-test: both limits of both axes and back. */
	t = 2 * (move_ms(pan, 2 * ((int64_t)pan->max - pan->min)) +
		 move_ms(tilt, 2 * ((int64_t)tilt->max - tilt->min)));
	err = ipcam_ptz_selftest(p);
	if (!err)
		err = wait_event(p, IPCAM_PTZ_EVENT_SELFTEST_DONE, 0, t, &ev);
	check(!err && ev.data == 0, "self-test: SELFTEST_DONE, result %u (%s)", ev.data,
	      ipcam_strerror(err));
	check(!event_problems, "every PTZ event in sequence with zero reserved fields");

	/* Leave the head centred. */
	if (!ipcam_ptz_center(p))
		wait_event(p, IPCAM_PTZ_EVENT_HOMED, 0,
			   move_ms(pan, pan->max) + move_ms(tilt, tilt->max), &ev);
out:
	ipcam_ptz_close(p);
}

/* ------------------------------------------------------------------ */
/* Unplug and replug */

/* Wait for a hotplug event about @cam (by name) of @action. */
static int wait_hotplug(struct ipcam_monitor *m, const struct ipcam_camera_info *cam,
			enum ipcam_hotplug_action action, long timeout_ms,
			struct ipcam_hotplug_event *ev)
{
	uint64_t end = now_ns() + (uint64_t)timeout_ms * 1000000u;
	struct pollfd pfd = { .fd = ipcam_monitor_fd(m), .events = POLLIN };
	int err;

	for (;;) {
		err = ipcam_monitor_read(m, ev);
		if (!err) {
			printf("# hotplug: %s %s (%s, ptz '%s')\n",
			       ev->action == IPCAM_HOTPLUG_ADDED ? "added" :
			       ev->action == IPCAM_HOTPLUG_REMOVED ? "removed" : "changed",
			       ev->camera.name, ev->camera.video_node, ev->camera.ptz_node);
			if (ev->action == action && !strcmp(ev->camera.name, cam->name))
				return 0;
			continue;
		}
		if (err != -EAGAIN)
			return err;
		if (now_ns() >= end)
			return -ETIMEDOUT;
		poll(&pfd, 1, 200);
	}
}

static void check_unplug(const struct ipcam_camera_info *cam)
{
	struct ipcam_hotplug_event ev = { 0 };
	struct ipcam_monitor *mon;
	struct ipcam_video *v;
	struct ipcam_ptz *p = NULL;
	struct ipcam_ptz_status st;
	struct ipcam_ptz_event pev;
	struct ipcam_frame held, f;
	struct pollfd pfd;
	volatile unsigned int sum = 0;
	int32_t val;
	int err, i, got_ptz = 0;
	size_t k;

	err = ipcam_monitor_new(&mon, opt.source);
	if (!check_ok(err, "", "hotplug monitor created"))
		return;
	err = ipcam_video_open(&v, cam->video_node);
	if (!check_ok(err, "", "open the video node"))
		goto out_mon;
	if (cam->ptz_node[0] && !check_ok(ipcam_ptz_open(&p, cam->ptz_node), "",
					  "open the PTZ node"))
		p = NULL;
	err = ipcam_video_start(v, 4);
	for (i = 0; !err && i < 3; i++) {
		err = next_frame(v, &f, 5000);
		if (!err)
			err = ipcam_video_requeue(v, &f);
	}
	if (!err)
		err = next_frame(v, &held, 5000);	/* kept across the unplug */
	if (!check_ok(err, ipcam_video_last_error(v), "streaming before the unplug"))
		goto out_video;

	printf("# running: %s\n", opt.unplug_cmd);
	fflush(stdout);
	err = system(opt.unplug_cmd);
	if (!check(err == 0, "unplug command exits 0 (status %d)", err))
		goto out_video;

	/* The fd says so at once: POLLERR/POLLHUP, no waiting for a frame. */
	pfd = (struct pollfd){ .fd = ipcam_video_fd(v), .events = POLLIN };
	check(poll(&pfd, 1, 2000) == 1 && (pfd.revents & (POLLERR | POLLHUP)),
	      "video fd polls POLLERR/POLLHUP after the unplug (revents 0x%x)",
	      pfd.revents);
	err = ipcam_video_dequeue(v, &f);
	check(err == -ENODEV, "the next dequeue fails with -ENODEV (got %d: %s)", err,
	      ipcam_strerror(err));
	err = ipcam_video_dequeue(v, &f);
	check(err == -ENODEV && ipcam_video_requeue(v, &held) == -ENODEV &&
	      ipcam_video_get_setting(v, IPCAM_SETTING_BRIGHTNESS, &i) == -ENODEV,
	      "dequeue, requeue and controls keep failing with -ENODEV");
	for (k = 0; k < held.bytesused; k += 64)
		sum += held.data[k];
	pass("a frame held across the unplug is still readable (%zu bytes)", held.bytesused);
	check_ok(ipcam_video_stop(v), ipcam_video_last_error(v),
		 "stop streaming after the unplug");

	if (p) {
		pfd = (struct pollfd){ .fd = ipcam_ptz_fd(p), .events = POLLIN };
		check(poll(&pfd, 1, 2000) == 1 && (pfd.revents & (POLLERR | POLLHUP)),
		      "PTZ fd polls POLLERR/POLLHUP after the unplug (revents 0x%x)",
		      pfd.revents);
		while ((err = ipcam_ptz_read_event(p, &pev)) == 0)
			;	/* events queued before the removal may still come */
		check(err == -ENODEV && ipcam_ptz_get_status(p, &st) == -ENODEV &&
		      ipcam_ptz_attr_get(p, IPCAM_PTZ_ATTR_LED_MODE, &val) == -ENODEV,
		      "PTZ events, ioctls and attributes fail with -ENODEV (%s)",
		      ipcam_strerror(err));
	}

	err = wait_hotplug(mon, cam, IPCAM_HOTPLUG_REMOVED, 5000, &ev);
	check(!err && !strcmp(ev.camera.video_node, cam->video_node),
	      "hotplug monitor reports the removal of %s (%s) (%s)", cam->name,
	      cam->video_node, ipcam_strerror(err));

	if (opt.replug_cmd) {
		struct ipcam_camera_info again;

		printf("# running: %s\n", opt.replug_cmd);
		fflush(stdout);
		err = system(opt.replug_cmd);
		check(err == 0, "replug command exits 0 (status %d)", err);
		err = wait_hotplug(mon, cam, IPCAM_HOTPLUG_ADDED, 5000, &ev);
		check(!err, "hotplug monitor reports %s added again as %s (%s)",
		      cam->name, ev.camera.video_node, ipcam_strerror(err));
		got_ptz = !err && ev.camera.ptz_node[0];
		/* The PTZ node may come just after the video node. */
		if (!err && cam->ptz_node[0] && !got_ptz)
			got_ptz = !wait_hotplug(mon, cam, IPCAM_HOTPLUG_CHANGED, 5000, &ev) &&
				  ev.camera.ptz_node[0];
		if (cam->ptz_node[0])
			check(got_ptz, "the hotplug event names its PTZ node again ('%s')",
			      ev.camera.ptz_node);
		err = ipcam_camera_find(cam->name, &again);
		if (check_ok(err, "", "the camera is found again")) {
			struct ipcam_video *v2;

			err = ipcam_video_open(&v2, again.video_node);
			if (!err) {
				err = ipcam_video_start(v2, 4);
				if (!err)
					err = next_frame(v2, &f, 5000);
				ipcam_video_close(v2);
			}
			check_ok(err, "", "the camera streams again after the replug");
		}
	}
out_video:
	ipcam_video_close(v);
	ipcam_ptz_close(p);
out_mon:
	ipcam_monitor_free(mon);
	(void)sum;
}

/* ------------------------------------------------------------------ */

static void usage(const char *argv0)
{
	fprintf(stderr,
		"usage: %s [--device NAME] [--expect-ptz | --no-ptz] [--expect-mic | --no-mic]\n"
		"          [--require-controls]\n"
		"          [--frames N] [--hotplug-source auto|udev|kernel]\n"
		"          [--unplug-cmd CMD [--replug-cmd CMD]]\n", argv0);
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "expect-ptz", no_argument, NULL, 'p' },
		{ "no-ptz", no_argument, NULL, 'n' },
		{ "expect-mic", no_argument, NULL, 'm' },
		{ "no-mic", no_argument, NULL, 'M' },
		{ "require-controls", no_argument, NULL, 'r' },
		{ "frames", required_argument, NULL, 'f' },
		{ "hotplug-source", required_argument, NULL, 's' },
		{ "unplug-cmd", required_argument, NULL, 'u' },
		{ "replug-cmd", required_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 },
	};
	struct ipcam_camera_info cam;
	struct ipcam_video *v;
	int c, err;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': opt.device = optarg; break;
		case 'p': opt.expect_ptz = 1; break;
		case 'n': opt.expect_ptz = 0; break;
		case 'm': opt.expect_mic = 1; break;
		case 'M': opt.expect_mic = 0; break;
		case 'r': opt.require_controls = 1; break;
		case 'f': opt.frames = atoi(optarg); break;
		case 'u': opt.unplug_cmd = optarg; break;
		case 'R': opt.replug_cmd = optarg; break;
		case 's':
			if (!strcmp(optarg, "auto"))
				opt.source = IPCAM_HOTPLUG_AUTO;
			else if (!strcmp(optarg, "udev"))
				opt.source = IPCAM_HOTPLUG_UDEV;
			else if (!strcmp(optarg, "kernel"))
				opt.source = IPCAM_HOTPLUG_KERNEL;
			else
				usage(argv[0]);
			break;
		default:
			usage(argv[0]);
		}
	}
	if (optind != argc || opt.frames < 2 || (opt.replug_cmd && !opt.unplug_cmd))
		usage(argv[0]);

	if (discover(&cam))
		return 1;
	if (opt.unplug_cmd) {
		check_unplug(&cam);
		return failures ? 1 : 0;
	}

	err = ipcam_video_open(&v, cam.video_node);
	if (!check_ok(err, "", "open the video node through libv4l2"))
		return 1;
	check_formats(v, &cam);
	capture_format(v, V4L2_PIX_FMT_YUYV);
	capture_format(v, V4L2_PIX_FMT_YUV420);
	check_settings(v);
	ipcam_video_close(v);
	if (opt.expect_mic != -1)
		check_microphone(&cam);

	if (cam.ptz_node[0] && opt.expect_ptz != 0)
		check_ptz(&cam);
	return failures ? 1 : 0;
}
