// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ASF writer against the format's rules: GUIDs and object sizes of the
 * header, constant packet size, fragments that reassemble to the original
 * object, monotonic times; then ffprobe (when installed) must read a file
 * made of real JPEGs as an mjpeg video stream of the right size and count.
 * The parser here is written from the specification, independently of
 * asf.c's helpers.
 */
#include <ipcam.h>
#include <linux/videodev2.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "asf.h"
#include "unit.h"

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)rd16(p) | (uint32_t)rd16(p + 2) << 16;
}

static uint64_t rd64(const uint8_t *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* The header GUID as the specification prints it, converted by hand. */
static const uint8_t header_guid_text[16] = {
	0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11,
	0xA6, 0xD9, 0x00, 0xAA, 0x00, 0x62, 0xCE, 0x6C,
};

static void check_header(const struct asf_info *info)
{
	uint8_t buf[1024];
	size_t n = asf_header(buf, info), pos, hsize;
	uint32_t count;
	int streams = 0, fileprops = 0, ext = 0;

	ck_assert_uint_eq(n, asf_header_size(info));
	ck_assert(!memcmp(buf, header_guid_text, 16));
	hsize = rd64(buf + 16);
	count = rd32(buf + 24);
	ck_assert_uint_eq(buf[28], 1);
	ck_assert_uint_eq(buf[29], 2);
	ck_assert_uint_eq(count, info->audio ? 4 : 3);
	/* the sub-objects fill the header object exactly */
	pos = 30;
	for (uint32_t i = 0; i < count; i++) {
		uint64_t sz = rd64(buf + pos + 16);

		ck_assert_uint_ge(sz, 24);
		ck_assert_uint_le(pos + sz, hsize);
		if (!memcmp(buf + pos, asf_guid_file_props, 16)) {
			const uint8_t *o = buf + pos;

			fileprops++;
			ck_assert_uint_eq(sz, 104);
			ck_assert_uint_eq(rd32(o + 88) & 1, 1);		/* broadcast */
			ck_assert_uint_eq(rd32(o + 92), ASF_PACKET_SIZE);	/* min */
			ck_assert_uint_eq(rd32(o + 96), ASF_PACKET_SIZE);	/* max */
			ck_assert_uint_eq(rd64(o + 56), 0);	/* packets: unknown */
		} else if (!memcmp(buf + pos, asf_guid_stream_props, 16)) {
			const uint8_t *o = buf + pos;
			uint32_t tsd = rd32(o + 64), ecd = rd32(o + 68);
			const uint8_t *t = o + 78;

			streams++;
			ck_assert_uint_eq(sz, 78 + tsd + ecd);
			ck_assert(!memcmp(o + 40, asf_guid_no_ecc, 16));
			if (!memcmp(o + 24, asf_guid_video_media, 16)) {
				ck_assert_uint_eq(rd16(o + 72) & 0x7f, ASF_VIDEO_STREAM);
				ck_assert_uint_eq(rd32(t), info->width);
				ck_assert_uint_eq(rd32(t + 4), info->height);
				ck_assert_uint_eq(rd16(t + 9), 40);
				ck_assert_uint_eq(tsd, 11 + 40);
				ck_assert_uint_eq(rd32(t + 11), 40);
				ck_assert_uint_eq(rd32(t + 15), info->width);
				ck_assert_uint_eq(rd32(t + 19), info->height);
				ck_assert(!memcmp(t + 27, "MJPG", 4));
			} else {
				ck_assert(!memcmp(o + 24, asf_guid_audio_media, 16));
				ck_assert(info->audio);
				ck_assert_uint_eq(rd16(o + 72) & 0x7f, ASF_AUDIO_STREAM);
				ck_assert_uint_eq(rd16(t), 0x0011);	/* IMA ADPCM */
				ck_assert_uint_eq(rd16(t + 2), 1);
				ck_assert_uint_eq(rd32(t + 4), 8000);
				ck_assert_uint_eq(rd16(t + 12), 256);	/* block align */
				ck_assert_uint_eq(rd16(t + 14), 4);
				ck_assert_uint_eq(rd16(t + 16), 2);	/* cbSize */
				/* samples per block from the block size */
				ck_assert_uint_eq(rd16(t + 18), (256 - 4) * 2 + 1);
				ck_assert_uint_eq(rd32(t + 8), 8000U * 256 / 505);
				ck_assert_uint_eq(tsd, 20);
			}
		} else if (!memcmp(buf + pos, asf_guid_header_ext, 16)) {
			ext++;
			ck_assert_uint_eq(sz, 46);
			ck_assert(!memcmp(buf + pos + 24, asf_guid_reserved1, 16));
			ck_assert_uint_eq(rd16(buf + pos + 40), 6);
			ck_assert_uint_eq(rd32(buf + pos + 42), 0);
		} else {
			ck_abort_msg("unexpected header object");
		}
		pos += sz;
	}
	ck_assert_uint_eq(pos, hsize);
	ck_assert_int_eq(fileprops, 1);
	ck_assert_int_eq(ext, 1);
	ck_assert_int_eq(streams, info->audio ? 2 : 1);
	/* then the Data Object header: unknown size and count */
	ck_assert_uint_eq(n - hsize, 50);
	ck_assert(!memcmp(buf + hsize, asf_guid_data, 16));
	ck_assert(!memcmp(buf + hsize + 24, buf + 30 + 24, 16));	/* same file id */
	ck_assert_uint_eq(rd64(buf + hsize + 40), 0);
	ck_assert_uint_eq(rd16(buf + hsize + 48), 0x0101);
}

START_TEST(header_video_only)
{
	struct asf_info info = { 640, 480, false, 8000000 };

	check_header(&info);
}
END_TEST

START_TEST(header_with_audio)
{
	struct asf_info info = { 320, 240, true, 8000000 };

	check_header(&info);
}
END_TEST

/* Parse one packet; append its fragment to OBJ (checking the offset). */
static void parse_packet(const uint8_t *p, int stream, uint8_t objnum, uint32_t pres,
			 uint32_t *send, uint8_t *obj, size_t objlen, size_t *have)
{
	size_t pad, frag;

	ck_assert_uint_eq(p[0], 0x82);
	ck_assert_uint_eq(p[1], 0);
	ck_assert_uint_eq(p[2], 0);
	ck_assert_uint_eq(p[3] & 0x01, 0);	/* single payload */
	ck_assert_uint_eq((p[3] >> 5) & 3, 0);	/* packet length implicit */
	ck_assert_uint_eq((p[3] >> 3) & 3, 2);	/* padding length: WORD */
	ck_assert_uint_eq(p[4], 0x5D);
	pad = rd16(p + 5);
	*send = rd32(p + 7);
	ck_assert_uint_eq(p[13] & 0x7f, (unsigned)stream);
	ck_assert_uint_eq(p[13] & 0x80, 0x80);	/* key frame */
	ck_assert_uint_eq(p[14], objnum);
	ck_assert_uint_eq(rd32(p + 15), *have);	/* offset into the object */
	ck_assert_uint_eq(p[19], 8);
	ck_assert_uint_eq(rd32(p + 20), objlen);
	ck_assert_uint_eq(rd32(p + 24), pres);
	ck_assert_uint_le(28 + pad, ASF_PACKET_SIZE);
	frag = ASF_PACKET_SIZE - 28 - pad;
	ck_assert_uint_le(*have + frag, objlen);
	memcpy(obj + *have, p + 28, frag);
	for (size_t i = 0; i < pad; i++)
		ck_assert_uint_eq(p[28 + frag + i], 0);
	*have += frag;
}

START_TEST(fragments_reassemble)
{
	static const size_t sizes[] = { 1, 100, ASF_PACKET_ROOM - 1, ASF_PACKET_ROOM,
					ASF_PACKET_ROOM + 1, 3 * ASF_PACKET_ROOM, 50000 };
	uint32_t last_send = 0;

	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t len = sizes[k], npk = asf_packets_needed(len), have = 0;
		uint8_t *src = malloc(len), *dst = calloc(1, len);
		uint8_t *pk = malloc(npk * ASF_PACKET_SIZE);
		uint32_t pres = (uint32_t)(1000 + 100 * k);

		for (size_t i = 0; i < len; i++)
			src[i] = (uint8_t)(i * 7 + k);
		ck_assert_uint_eq(npk, (len + ASF_PACKET_ROOM - 1) / ASF_PACKET_ROOM);
		ck_assert_uint_eq(asf_packetize(pk, ASF_VIDEO_STREAM, true, (uint8_t)k, pres, pres,
						src, len), npk * ASF_PACKET_SIZE);
		for (size_t i = 0; i < npk; i++) {
			uint32_t send;

			parse_packet(pk + i * ASF_PACKET_SIZE, ASF_VIDEO_STREAM, (uint8_t)k, pres,
				     &send, dst, len, &have);
			ck_assert_uint_ge(send, last_send);	/* monotonic */
			last_send = send;
		}
		ck_assert_uint_eq(have, len);
		ck_assert(!memcmp(src, dst, len));
		free(src);
		free(dst);
		free(pk);
	}
}
END_TEST

/* ---- ffprobe reads what we write ---- */

static size_t encode_frame(struct ipcam_jpeg *enc, uint8_t *yuv, uint32_t w, uint32_t h,
			   int n, const uint8_t **out)
{
	struct ipcam_frame f;
	size_t size = 0;

	/* a moving gradient: every JPEG differs */
	for (uint32_t y = 0; y < h; y++)
		for (uint32_t x = 0; x < w; x++)
			yuv[y * w + x] = (uint8_t)(x + y + 8 * n);
	memset(yuv + w * h, 128, w * h / 2);
	memset(&f, 0, sizeof(f));
	f.data = yuv;
	f.bytesused = w * h * 3 / 2;
	f.width = w;
	f.height = h;
	f.fourcc = V4L2_PIX_FMT_YUV420;
	f.bytesperline = w;
	ck_assert_int_eq(ipcam_jpeg_encode(enc, &f, out, &size), 0);
	return size;
}

static void write_file(const char *path, uint32_t w, uint32_t h, int frames, bool audio)
{
	struct asf_info info = { w, h, audio, 8000000 };
	uint8_t hdr[1024], *yuv = malloc(w * h * 3 / 2);
	struct ipcam_jpeg *enc;
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(ipcam_jpeg_new(&enc, V4L2_PIX_FMT_YUV420, w, h, 80), 0);
	fwrite(hdr, 1, asf_header(hdr, &info), f);
	for (int i = 0; i < frames; i++) {
		const uint8_t *jpeg;
		size_t len = encode_frame(enc, yuv, w, h, i, &jpeg);
		size_t cap = asf_packets_needed(len) * ASF_PACKET_SIZE;
		uint8_t *pk = malloc(cap);
		uint32_t t = 5000 + (uint32_t)i * 100;	/* 10 fps, a live start time */

		ck_assert_uint_gt(len, ASF_PACKET_ROOM);	/* exercises fragments */
		ck_assert_uint_eq(asf_packetize(pk, ASF_VIDEO_STREAM, true, (uint8_t)i, t, t,
						jpeg, len), cap);
		fwrite(pk, 1, cap, f);
		if (audio) {
			/* one silent IMA ADPCM block (predictor 0, index 0) per frame */
			uint8_t blk[ASF_ADPCM_BLOCK] = { 0 };
			uint8_t apk[ASF_PACKET_SIZE];

			asf_packetize(apk, ASF_AUDIO_STREAM, true, (uint8_t)i, t, t, blk,
				      sizeof(blk));
			fwrite(apk, 1, sizeof(apk), f);
		}
		free(pk);
	}
	ipcam_jpeg_free(enc);
	free(yuv);
	ck_assert_int_eq(fclose(f), 0);
}

/* Run ffprobe (fixed arguments, no shell) and return its first line. */
static int probe(const char *path, const char *entries, const char *select, char *line,
		 size_t cap)
{
	int fds[2];
	pid_t pid;
	FILE *in;
	int st;

	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execlp("ffprobe", "ffprobe", "-v", "error", "-count_frames", "-select_streams",
		       select, "-show_entries", entries, "-of", "csv=p=0", path, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	in = fdopen(fds[0], "r");
	line[0] = '\0';
	if (!fgets(line, (int)cap, in))
		line[0] = '\0';
	line[strcspn(line, "\n")] = '\0';
	while (fgetc(in) != EOF)
		;
	fclose(in);
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static bool have_ffprobe(void)
{
	return !access("/usr/bin/ffprobe", X_OK) || !access("/usr/local/bin/ffprobe", X_OK);
}

START_TEST(ffprobe_reads_video)
{
	char path[] = "/tmp/ipcamd-asf-XXXXXX", line[256];
	int fd = mkstemp(path);

	if (!have_ffprobe()) {
		fprintf(stderr, "ffprobe not installed: ffprobe check skipped\n");
		return;
	}
	ck_assert_int_ge(fd, 0);
	close(fd);
	write_file(path, 320, 240, 25, false);
	ck_assert_int_eq(probe(path, "stream=codec_name,width,height,nb_read_frames", "v:0",
			       line, sizeof(line)), 0);
	ck_assert_str_eq(line, "mjpeg,320,240,25");
	ck_assert_int_eq(probe(path, "format=nb_streams", "v:0", line, sizeof(line)), 0);
	ck_assert_str_eq(line, "1");
	/* the frame times: 10 fps */
	ck_assert_int_eq(probe(path, "stream=r_frame_rate", "v:0", line, sizeof(line)), 0);
	ck_assert_str_eq(line, "10/1");
	unlink(path);
}
END_TEST

START_TEST(ffprobe_reads_audio)
{
	char path[] = "/tmp/ipcamd-asf-XXXXXX", line[256];
	int fd = mkstemp(path);

	if (!have_ffprobe())
		return;
	ck_assert_int_ge(fd, 0);
	close(fd);
	write_file(path, 640, 480, 10, true);
	ck_assert_int_eq(probe(path, "stream=codec_name,width,height,nb_read_frames", "v:0",
			       line, sizeof(line)), 0);
	ck_assert_str_eq(line, "mjpeg,640,480,10");
	ck_assert_int_eq(probe(path, "stream=codec_name,sample_rate,channels,nb_read_frames",
			       "a:0", line, sizeof(line)), 0);
	ck_assert_str_eq(line, "adpcm_ima_wav,8000,1,10");
	unlink(path);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("asf");
	TCase *tc = tcase_create("asf");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, header_video_only);
	tcase_add_test(tc, header_with_audio);
	tcase_add_test(tc, fragments_reassemble);
	tcase_add_test(tc, ffprobe_reads_video);
	tcase_add_test(tc, ffprobe_reads_audio);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
