// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: the per-file event queue of /dev/ptzN: numbering, order, and what a
 * reader sees when it falls behind (the oldest events go, the seqno gap
 * tells).
 */
#include <kunit/test.h>

#include "../ipcam-ptz.h"

static struct ipcam_ptz_file *new_file(struct kunit *test)
{
	struct ipcam_ptz_file *pf = kunit_kzalloc(test, sizeof(*pf), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, pf);
	INIT_KFIFO(pf->events);
	return pf;
}

static void push(struct ipcam_ptz_file *pf, u32 n)
{
	struct ipcam_ptz_event ev = { .type = IPCAM_PTZ_EVENT_MOVE_DONE };

	while (n--) {
		ev.data = pf->seqno + 1;	/* remember what it was sent as */
		ipcam_ptz_queue_event(pf, &ev);
	}
}

static void ipcam_events_in_order(struct kunit *test)
{
	struct ipcam_ptz_file *pf = new_file(test);
	struct ipcam_ptz_event ev;
	u32 i;

	push(pf, 10);
	KUNIT_EXPECT_EQ(test, kfifo_len(&pf->events), 10U);
	for (i = 1; i <= 10; i++) {
		KUNIT_ASSERT_TRUE(test, kfifo_get(&pf->events, &ev));
		KUNIT_EXPECT_EQ(test, ev.seqno, i);
		KUNIT_EXPECT_EQ(test, ev.data, i);
	}
	KUNIT_EXPECT_TRUE(test, kfifo_is_empty(&pf->events));
}

static void ipcam_events_full_queue_keeps_all(struct kunit *test)
{
	struct ipcam_ptz_file *pf = new_file(test);
	struct ipcam_ptz_event ev;

	push(pf, IPCAM_PTZ_EVENT_QUEUE);
	KUNIT_EXPECT_TRUE(test, kfifo_is_full(&pf->events));
	KUNIT_ASSERT_TRUE(test, kfifo_peek(&pf->events, &ev));
	KUNIT_EXPECT_EQ(test, ev.seqno, 1U);
}

static void ipcam_events_overflow_drops_oldest(struct kunit *test)
{
	struct ipcam_ptz_file *pf = new_file(test);
	struct ipcam_ptz_event ev;
	u32 first, last = 0, n = 0;

	push(pf, IPCAM_PTZ_EVENT_QUEUE + 6);
	KUNIT_EXPECT_EQ(test, kfifo_len(&pf->events), IPCAM_PTZ_EVENT_QUEUE);
	KUNIT_ASSERT_TRUE(test, kfifo_peek(&pf->events, &ev));
	first = ev.seqno;
	KUNIT_EXPECT_EQ(test, first, 7U);
	while (kfifo_get(&pf->events, &ev)) {
		if (n)
			KUNIT_EXPECT_EQ(test, ev.seqno, last + 1);	/* no gap inside */
		last = ev.seqno;
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, IPCAM_PTZ_EVENT_QUEUE);
	KUNIT_EXPECT_EQ(test, last, IPCAM_PTZ_EVENT_QUEUE + 6);

	/* After reading, numbering continues where it was. */
	push(pf, 1);
	KUNIT_ASSERT_TRUE(test, kfifo_get(&pf->events, &ev));
	KUNIT_EXPECT_EQ(test, ev.seqno, IPCAM_PTZ_EVENT_QUEUE + 7);
}

/* Two files see the same events, each with its own numbering. */
static void ipcam_events_per_file(struct kunit *test)
{
	struct ipcam_ptz_file *a = new_file(test), *b = new_file(test);
	struct ipcam_ptz_event ev;

	push(a, 3);
	push(b, 1);
	KUNIT_ASSERT_TRUE(test, kfifo_get(&b->events, &ev));
	KUNIT_EXPECT_EQ(test, ev.seqno, 1U);
	KUNIT_EXPECT_EQ(test, kfifo_len(&a->events), 3U);
}

static struct kunit_case ipcam_events_cases[] = {
	KUNIT_CASE(ipcam_events_in_order),
	KUNIT_CASE(ipcam_events_full_queue_keeps_all),
	KUNIT_CASE(ipcam_events_overflow_drops_oldest),
	KUNIT_CASE(ipcam_events_per_file),
	{}
};

static struct kunit_suite ipcam_events_suite = {
	.name = "ipcam_ptz_events",
	.test_cases = ipcam_events_cases,
};

kunit_test_suite(ipcam_events_suite);
