// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The notifications' pure parts: the FTP file names, the backoff, the
 * mail and directory checks of the settings, and a channel's queue
 * (order, test jobs in front, a bounded queue, retries, the stop) with
 * jobs that record what happens to them.
 */
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "notify_curl.h"
#include "notify_ftp.h"
#include "notify_queue.h"
#include "settings_table.h"
#include "unit.h"
#include "util.h"

START_TEST(ftp_names)
{
	struct tm tm = { .tm_year = 126, .tm_mon = 10, .tm_mday = 30, .tm_hour = 8,
			 .tm_min = 5, .tm_sec = 9 };
	char base[64], name[FTP_NAME_MAX];

	ftp_name_base(base, sizeof(base), "", "0011AABBCCDD");
	ck_assert_str_eq(base, "0011AABBCCDD");
	ftp_name_base(base, sizeof(base), "front door/../x", "id");
	ck_assert_str_eq(base, "front_door_.._x");
	ftp_name_base(base, sizeof(base), "..hidden", "id");
	ck_assert_str_eq(base, "_.hidden");
	ftp_name_base(base, sizeof(base), "caf\xc3\xa9", "id");
	ck_assert_str_eq(base, "caf__");

	ftp_periodic_name(name, sizeof(name), "snap", 0, 7, &tm);
	ck_assert_str_eq(name, "snap_20261130_080509.jpg");
	ftp_periodic_name(name, sizeof(name), "snap", 1, 7, &tm);
	ck_assert_str_eq(name, "snap.jpg");
	for (unsigned long seq = 0; seq < 7; seq++) {
		char want[32];

		snprintf(want, sizeof(want), "snap_%lu.jpg", seq % 3);
		ftp_periodic_name(name, sizeof(name), "snap", 3, seq, &tm);
		ck_assert_str_eq(name, want);
	}
	ftp_alarm_name(name, sizeof(name), "cam", &tm, 2);
	ck_assert_str_eq(name, "cam_alarm_20261130_080509_2.jpg");
}
END_TEST

START_TEST(backoff)
{
	ck_assert_double_eq(notify_backoff(10, 1), 10.0);
	ck_assert_double_eq(notify_backoff(10, 2), 20.0);
	ck_assert_double_eq(notify_backoff(10, 4), 80.0);
	ck_assert_double_eq(notify_backoff(10, 30), 600.0);
}
END_TEST

START_TEST(setting_classes)
{
	static const char *const good_mail[] = { "a@b", "cam.1+x@mail.example.net", "" };
	static const char *const bad_mail[] = { "no-at-sign", "@example.net", "a@", "a@b@c",
						 "a@-x.net", "a@.x", "a@b c", "a@x:25" };
	static const char *const good_dir[] = { "/", "/cam/up", "a..b", "/x/..y/", "" };
	static const char *const bad_dir[] = { "..", "/..", "/a/../b", "a/..", "../x" };

	for (size_t i = 0; i < ARRAY_SIZE(good_mail); i++)
		ck_assert_msg(string_class_ok(SC_MAIL, good_mail[i], strlen(good_mail[i])),
			      "%s", good_mail[i]);
	for (size_t i = 0; i < ARRAY_SIZE(bad_mail); i++)
		ck_assert_msg(!string_class_ok(SC_MAIL, bad_mail[i], strlen(bad_mail[i])),
			      "%s", bad_mail[i]);
	for (size_t i = 0; i < ARRAY_SIZE(good_dir); i++)
		ck_assert_msg(string_class_ok(SC_PATH, good_dir[i], strlen(good_dir[i])),
			      "%s", good_dir[i]);
	for (size_t i = 0; i < ARRAY_SIZE(bad_dir); i++)
		ck_assert_msg(!string_class_ok(SC_PATH, bad_dir[i], strlen(bad_dir[i])),
			      "%s", bad_dir[i]);
}
END_TEST

/* A job that records its runs in a shared log and fails FAILS times. */
struct rec {
	pthread_mutex_t lock;
	char log[256];
	int outcomes;		/* test jobs reported */
	bool last_ok;
	char last_err[64];
};

struct rec_job {
	struct notify_job base;
	struct rec *r;
	char tag;
	int fails;
	enum notify_result failure;
	int delay_ms;
};

static enum notify_result rec_run(struct notify_job *j, const atomic_bool *stop, char *err,
				  size_t cap)
{
	struct rec_job *rj = (struct rec_job *)j;
	size_t n;

	(void)stop;
	if (rj->delay_ms)
		usleep((useconds_t)rj->delay_ms * 1000);
	pthread_mutex_lock(&rj->r->lock);
	n = strlen(rj->r->log);
	rj->r->log[n] = rj->tag;
	rj->r->log[n + 1] = '\0';
	pthread_mutex_unlock(&rj->r->lock);
	if (rj->fails-- > 0) {
		str_copy(err, cap, "refused by the test");
		return rj->failure;
	}
	return NOTIFY_DONE;
}

static void rec_free(struct notify_job *j)
{
	free(j);
}

static const struct notify_job_ops rec_ops = { .run = rec_run, .free = rec_free };

static void rec_done(void *arg, bool ok, const char *err)
{
	struct rec *r = arg;

	pthread_mutex_lock(&r->lock);
	r->outcomes++;
	r->last_ok = ok;
	str_copy(r->last_err, sizeof(r->last_err), err ? err : "");
	pthread_mutex_unlock(&r->lock);
}

static struct notify_job *rec_job(struct rec *r, char tag, int fails, int delay_ms, bool test)
{
	struct rec_job *j = xcalloc(1, sizeof(*j));

	j->base.ops = &rec_ops;
	snprintf(j->base.what, sizeof(j->base.what), "job %c", tag);
	j->r = r;
	j->tag = tag;
	j->fails = fails;
	j->failure = NOTIFY_RETRY;
	j->delay_ms = delay_ms;
	if (test) {
		j->base.done = rec_done;
		j->base.done_arg = r;
	}
	return &j->base;
}

static void wait_log(struct rec *r, const char *want, double timeout)
{
	double end = mono_now() + timeout;
	bool ok;

	do {
		pthread_mutex_lock(&r->lock);
		ok = !strcmp(r->log, want);
		pthread_mutex_unlock(&r->lock);
		if (!ok)
			usleep(10000);
	} while (!ok && mono_now() < end);
	ck_assert_str_eq(r->log, want);
}

static struct rec *rec_new(void)
{
	struct rec *r = xcalloc(1, sizeof(*r));

	pthread_mutex_init(&r->lock, NULL);
	return r;
}

START_TEST(channel_order_and_tests_first)
{
	struct notify_channel_options o = { "unit", 8, 1, 2 };
	struct notify_channel *ch = notify_channel_start(&o);
	struct rec *r = rec_new();

	/* A runs slowly; B and C queue; the test T goes before them */
	notify_channel_push(ch, rec_job(r, 'A', 0, 200, false));
	usleep(50000);
	notify_channel_push(ch, rec_job(r, 'B', 0, 0, false));
	notify_channel_push(ch, rec_job(r, 'C', 0, 0, false));
	notify_channel_push(ch, rec_job(r, 'T', 0, 0, true));
	wait_log(r, "ATBC", 3);
	ck_assert_int_eq(r->outcomes, 1);
	ck_assert(r->last_ok);
	ck_assert_int_eq(notify_channel_pending(ch), 0);
	notify_channel_stop(ch);
	free(r);
}
END_TEST

START_TEST(channel_retries_then_gives_up)
{
	struct notify_channel_options o = { "unit", 8, 1, 2 };
	struct notify_channel *ch = notify_channel_start(&o);
	struct rec *r = rec_new();
	double t0 = mono_now();

	/* A fails twice and is delivered on its third try (after 1 s + 2 s);
	 * B waits behind it: the same server */
	notify_channel_push(ch, rec_job(r, 'A', 2, 0, false));
	notify_channel_push(ch, rec_job(r, 'B', 0, 0, false));
	wait_log(r, "AAAB", 5);
	ck_assert(mono_now() - t0 >= 2.9);
	/* C fails more often than it may: tried 1 + retries times */
	notify_channel_push(ch, rec_job(r, 'C', 9, 0, false));
	notify_channel_push(ch, rec_job(r, 'D', 0, 0, false));
	wait_log(r, "AAABCCCD", 5);
	/* a test job is tried once and told */
	notify_channel_push(ch, rec_job(r, 'T', 1, 0, true));
	wait_log(r, "AAABCCCDT", 2);
	usleep(50000);
	ck_assert(!r->last_ok);
	ck_assert_str_eq(r->last_err, "refused by the test");
	notify_channel_stop(ch);
	free(r);
}
END_TEST

START_TEST(channel_kick_and_bound)
{
	struct notify_channel_options o = { "unit", 3, 60, 5 };
	struct notify_channel *ch = notify_channel_start(&o);
	struct rec *r = rec_new();

	/* A fails and would wait a minute; the kick (new settings) tries now */
	notify_channel_push(ch, rec_job(r, 'A', 1, 0, false));
	wait_log(r, "A", 2);
	usleep(50000);
	notify_channel_kick(ch);
	wait_log(r, "AA", 2);
	/* the queue holds 3, the one running included: beyond, the oldest
	 * that is not running is dropped (B, then C) */
	notify_channel_push(ch, rec_job(r, 'X', 0, 300, false));
	usleep(50000);
	notify_channel_push(ch, rec_job(r, 'B', 0, 0, false));
	notify_channel_push(ch, rec_job(r, 'C', 0, 0, false));
	notify_channel_push(ch, rec_job(r, 'D', 0, 0, false));
	notify_channel_push(ch, rec_job(r, 'E', 0, 0, false));
	wait_log(r, "AAXDE", 3);
	notify_channel_stop(ch);
	free(r);
}
END_TEST

START_TEST(channel_test_skips_a_backoff)
{
	struct notify_channel_options o = { "unit", 8, 60, 5 };
	struct notify_channel *ch = notify_channel_start(&o);
	struct rec *r = rec_new();

	/* A fails while T comes: A waits its minute, T does not */
	notify_channel_push(ch, rec_job(r, 'A', 1, 300, false));
	usleep(50000);
	notify_channel_push(ch, rec_job(r, 'T', 0, 0, true));
	wait_log(r, "AT", 2);
	usleep(50000);
	ck_assert(r->last_ok);
	ck_assert_int_eq(notify_channel_pending(ch), 1);
	notify_channel_stop(ch);
	free(r);
}
END_TEST

START_TEST(curl_errors)
{
	static const struct {
		CURLcode rc;
		long response;
		enum notify_result res;
		const char *text;
	} t[] = {
		{ CURLE_COULDNT_CONNECT, 0, NOTIFY_RETRY, "cannot connect to the server" },
		{ CURLE_OPERATION_TIMEDOUT, 0, NOTIFY_RETRY, "the server did not answer in time" },
		{ CURLE_LOGIN_DENIED, 535, NOTIFY_FAILED, "authentication refused" },
		{ CURLE_USE_SSL_FAILED, 0, NOTIFY_FAILED, "TLS refused" },
		{ CURLE_PEER_FAILED_VERIFICATION, 0, NOTIFY_FAILED, "TLS refused" },
		{ CURLE_UPLOAD_FAILED, 553, NOTIFY_FAILED, "upload refused" },
		{ CURLE_UPLOAD_FAILED, 452, NOTIFY_RETRY, "upload refused" },
		{ CURLE_REMOTE_ACCESS_DENIED, 550, NOTIFY_FAILED, "upload refused" },
		{ CURLE_SEND_ERROR, 550, NOTIFY_FAILED, "the server refused the mail" },
		{ CURLE_WEIRD_SERVER_REPLY, 554, NOTIFY_FAILED, "the server refused the mail" },
		{ CURLE_SEND_ERROR, 451, NOTIFY_RETRY, "the server refused the mail for now" },
		{ CURLE_HTTP_RETURNED_ERROR, 404, NOTIFY_FAILED, "the web server refused the request" },
		{ CURLE_HTTP_RETURNED_ERROR, 503, NOTIFY_RETRY, "the web server refused the request" },
		{ CURLE_URL_MALFORMAT, 0, NOTIFY_FAILED, "the server's address is not valid" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		enum notify_result res;
		const char *text = notify_curl_error(t[i].rc, t[i].response, &res);

		ck_assert_str_eq(text, t[i].text);
		ck_assert_msg(res == t[i].res, "case %zu: %d", i, (int)res);
	}
	ck_assert(notify_ipv6_literal("fe80::1"));
	ck_assert(!notify_ipv6_literal("mail.example.net:587"));
	ck_assert(!notify_ipv6_literal("10.0.0.1"));
}
END_TEST

START_TEST(channel_stop_tells_waiting_tests)
{
	struct notify_channel_options o = { "unit", 8, 1, 2 };
	struct notify_channel *ch = notify_channel_start(&o);
	struct rec *r = rec_new();

	notify_channel_push(ch, rec_job(r, 'A', 0, 300, false));
	usleep(50000);
	notify_channel_push(ch, rec_job(r, 'T', 0, 0, true));
	notify_channel_stop(ch);
	ck_assert_int_eq(r->outcomes, 1);
	ck_assert(!r->last_ok);
	ck_assert_str_eq(r->last_err, "the camera is stopping");
	free(r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("notify");
	TCase *tc = tcase_create("notify");

	log_set_level(LOG_LVL_NONE);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, ftp_names);
	tcase_add_test(tc, backoff);
	tcase_add_test(tc, setting_classes);
	tcase_add_test(tc, channel_order_and_tests_first);
	tcase_add_test(tc, channel_retries_then_gives_up);
	tcase_add_test(tc, channel_kick_and_bound);
	tcase_add_test(tc, channel_test_skips_a_backoff);
	tcase_add_test(tc, channel_stop_tells_waiting_tests);
	tcase_add_test(tc, curl_errors);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
