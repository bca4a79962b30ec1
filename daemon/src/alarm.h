/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The alarm engine: watches the armed sources (motion on the capture, the
 * head's alarm input), inside the alarm schedule, and runs the local
 * actions (IO output, preset).  Its own thread: the HTTP thread only pokes
 * it and reads its status; the capture thread only hands it detector
 * events.
 *
 * An alarm begins when an armed source becomes active and lasts while any
 * is active, and then `hold` seconds more (alarm_hold in the
 * configuration, 10 by default): a car that crosses the view is one alarm,
 * not one per region it passes.  Motion seen while the head moves, or
 * within `settle` seconds after it stopped, is not a source.
 */
#ifndef IPCAMD_ALARM_H
#define IPCAMD_ALARM_H

#include <stdint.h>
#include <time.h>

struct alarm_engine;

/* get_status.cgi's alarm_status, and the source of an alarm. */
enum alarm_source {
	ALARM_NONE = 0,
	ALARM_MOTION = 1,
	ALARM_INPUT = 2,
};

enum alarm_edge {
	ALARM_BEGIN,
	ALARM_END,
};

struct alarm_event {
	enum alarm_edge edge;
	enum alarm_source source;	/* the source that began the alarm */
	time_t when;			/* wall clock */
	uint32_t regions;		/* motion: the regions first seen moving */
};

/* Called on the engine's thread, in subscription order; must not block long. */
typedef void (*alarm_listener)(void *ctx, const struct alarm_event *ev);

struct camera;
struct media;

struct alarm_options {
	double hold;		/* seconds an alarm outlasts its sources */
	double settle;		/* seconds after a head move that motion is ignored */
	struct camera *camera;	/* the camera it watches and drives (camera.h) */
	struct media *media;	/* keeps the capture running for motion (http_media.h) */
};

/* Starts the engine's thread; NULL when it cannot (logged). */
struct alarm_engine *alarm_start(const struct alarm_options *o);
/* Ends an alarm under way (its actions undone), stops the thread. */
void alarm_stop(struct alarm_engine *a);

/* The alarm settings changed: read them again.  NULL is allowed. */
void alarm_poke(struct alarm_engine *a);
/* The current alarm: ALARM_NONE when none or A is NULL. */
enum alarm_source alarm_status(struct alarm_engine *a);
/* At most ALARM_LISTENERS listeners; -ENOSPC beyond. */
#define ALARM_LISTENERS 4
int alarm_listen(struct alarm_engine *a, alarm_listener fn, void *ctx);

#endif
