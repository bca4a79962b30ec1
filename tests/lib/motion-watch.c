// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * motion-watch: libipcam's motion API on a camera, for the board tests.
 *
 *   motion-watch [-t THRESHOLD] [-x ROW0:ROW1] [-w WARMUP_MS] [-s SECONDS]
 *                [-T TRIGGER] NODE
 *
 * Streams NODE at 160x120, arms motion detection (the device's own
 * detector, or libipcam's in software), lets it learn the view for WARMUP
 * ms, runs the shell command TRIGGER (the test's own, e.g. a debugfs
 * write), and reports every event for SECONDS:
 *   detector hardware|software
 *   event regions=0x... seq=N ms=M     (M: since TRIGGER)
 *   events N first_ms M               (first_ms -1: none)
 * -x excludes the cell rows ROW0..ROW1 (a threshold grid).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ipcam.h>
#include <linux/videodev2.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Dequeue and give back every frame for MS (the detector needs them). */
static int run_for(struct ipcam_video *v, double ms, double t0, int *events, double *first)
{
	double end = now_ms() + ms;
	struct ipcam_motion_event ev;
	int rc;

	while (now_ms() < end) {
		int left = (int)(end - now_ms()) + 1;

		rc = ipcam_motion_wait(v, left);
		if (rc == -ETIMEDOUT)
			break;
		if (rc)
			return rc;
		while (ipcam_motion_read(v, &ev) == 0) {
			double at = now_ms() - t0;

			if (t0 < 0)
				continue;	/* still learning the view */
			printf("event regions=0x%08" PRIx32 " seq=%" PRIu32 " ms=%.0f\n",
			       ev.regions, ev.sequence, at);
			if (ev.regions && *first < 0)
				*first = at;
			(*events)++;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct ipcam_motion_config cfg = { .threshold = 14, .compensate = 1 };
	struct ipcam_format fmt = { .fourcc = V4L2_PIX_FMT_YUYV, .width = 160, .height = 120 };
	uint16_t grid[IPCAM_MOTION_COLS * IPCAM_MOTION_ROWS];
	const char *trigger = NULL;
	double warmup = 1500, seconds = 10, first = -1;
	int c, row0 = -1, row1 = -1, events = 0, rc;
	struct ipcam_video *v;

	while ((c = getopt(argc, argv, "t:x:w:s:T:")) != -1) {
		switch (c) {
		case 't':
			cfg.threshold = (uint32_t)atoi(optarg);
			break;
		case 'x':
			if (sscanf(optarg, "%d:%d", &row0, &row1) != 2)
				return 2;
			break;
		case 'w':
			warmup = atof(optarg);
			break;
		case 's':
			seconds = atof(optarg);
			break;
		case 'T':
			trigger = optarg;
			break;
		default:
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: motion-watch [-t T] [-x R0:R1] [-w MS] [-s S] [-T CMD] NODE\n");
		return 2;
	}
	if (row0 >= 0) {
		for (int i = 0; i < IPCAM_MOTION_COLS * IPCAM_MOTION_ROWS; i++) {
			int row = i / IPCAM_MOTION_COLS;

			grid[i] = row >= row0 && row <= row1 ? IPCAM_MOTION_EXCLUDED :
							       (uint16_t)cfg.threshold;
		}
		cfg.grid = grid;
	}
	rc = ipcam_video_open(&v, argv[optind]);
	if (rc) {
		fprintf(stderr, "motion-watch: %s: %s\n", argv[optind], ipcam_strerror(rc));
		return 1;
	}
	if ((rc = ipcam_video_set_format(v, &fmt)) || (rc = ipcam_motion_arm(v, &cfg)) ||
	    (rc = ipcam_video_start(v, 4))) {
		fprintf(stderr, "motion-watch: %s\n", ipcam_video_last_error(v));
		ipcam_video_close(v);
		return 1;
	}
	printf("detector %s\n", ipcam_motion_hardware(v) ? "hardware" : "software");
	fflush(stdout);
	rc = run_for(v, warmup, -1, &events, &first);
	if (!rc && trigger && system(trigger) != 0)
		fprintf(stderr, "motion-watch: the trigger failed\n");
	if (!rc)
		rc = run_for(v, seconds * 1000, now_ms(), &events, &first);
	printf("events %d first_ms %.0f\n", events, first);
	ipcam_motion_disarm(v);
	ipcam_video_close(v);
	if (rc)
		fprintf(stderr, "motion-watch: %s\n", ipcam_strerror(rc));
	return rc ? 1 : 0;
}
