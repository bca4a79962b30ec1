/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * snapshot.cgi, videostream.cgi and videostream.asf on libmicrohttpd
 * (cgi-protocol.md section 5), fed by the stream hub.
 *
 * A stream is a content-reader response of unknown length (HTTP/1.0 style:
 * no chunked encoding, the connection closes at the end).  Its reader sends
 * one part at a time straight out of the shared frame; at a part boundary
 * it takes the hub's newest frame if the viewer's rate allows one and the
 * quarter-hour is not forbidden, else it parks the connection (MHD
 * suspend) until the hub's next publish or its one-second tick resumes it.
 * The kernel send buffer of a stream socket is bounded (stream_sndbuf), so
 * a slow viewer holds at most that much and then skips to the newest frame.
 */
#ifndef IPCAMD_HTTP_MEDIA_H
#define IPCAMD_HTTP_MEDIA_H

#include <microhttpd.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "query.h"
#include "reply.h"

/* The media CGIs' server: the hub, the stream sender, the microphone and the viewers. */
struct media;

/*
 * Start the hub on the frame source (OPS, CTX): the camera's, or the test
 * picture's (capture stays off until a consumer comes).  The ASF streams'
 * sound is CAM's microphone (camera.h; NULL: none).
 */
struct camera;
struct frame_source_ops;
struct media *media_new(const struct frame_source_ops *ops, void *ctx, struct camera *cam);
/* Stop the hub and its capture, the sender and the microphone; NULL is allowed. */
void media_free(struct media *m);

/*
 * ON: end every stream and pending snapshot and resume the parked
 * connections (MHD_stop_daemon must not find one suspended); OFF once the
 * new daemon runs.  Nothing without M.
 */
void media_quiesce(struct media *m, bool on);
/* Keep the capture running for a detector (see hub_watch); calls nest.  Nothing without M. */
void media_watch(struct media *m, bool on);
/*
 * A frame of resolution code RES for a background client (the notifier,
 * never the HTTP thread): the capture starts if it must; NULL when no
 * frame came within TIMEOUT seconds or STOP was set meanwhile (or without
 * M).  The caller owns the reference.
 */
struct frame;
struct frame *media_snapshot(struct media *m, int res, double timeout, const atomic_bool *stop);

/*
 * Serve PATH (one of the three media CGIs) after authorization.  *STATE
 * is the request's media state (NULL on the first call; kept across a
 * snapshot's suspend).  True when the request was taken (RET set);
 * false when R holds an error reply for the normal path (503 without M).
 */
bool media_request(struct media *m, struct MHD_Connection *con, void **state, const char *path,
		   const struct query *q, struct reply *r, enum MHD_Result *ret);
/* The request ended (NOTIFY_COMPLETED): free STATE (it knows its media object). */
void media_request_done(void *state);

/* Active stream viewers of M (tests, logs). */
unsigned int media_viewers(struct media *m);

#endif
