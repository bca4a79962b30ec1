/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The MJPEG fan-out without a copy per viewer.  Once a stream's HTTP
 * headers and first part have gone out through libmicrohttpd, its socket
 * is handed here (the MHD connection stays suspended: MHD does not touch
 * it) and every further part goes out with one sendmsg() of three pieces
 * straight from the shared frame: the part header, the JPEG, CRLF.  No
 * per-viewer buffer, no MHD suspend/resume per frame.
 *
 * One thread: it offers every idle stream its next part on each kick (a
 * publish, the hub's tick) and waits in epoll for the sockets that are
 * full.  A stream ends when its source says so, when the peer goes, or
 * when a part makes no progress for STALL seconds; ENDED then hands the
 * connection back (MHD resumes it, closes it and frees the request).
 */
#ifndef IPCAMD_STREAM_TX_H
#define IPCAMD_STREAM_TX_H

#include <stdbool.h>
#include <sys/uio.h>

#define STREAM_TX_IOV 3

struct stream_tx_ops {
	/*
	 * The next part of stream CTX in IOV[0..STREAM_TX_IOV): how many
	 * pieces, 0 when none is due now, -1 when the stream ends.
	 */
	int (*next)(void *ctx, struct iovec *iov);
	/* The part is out (or abandoned): let go of what it pointed into. */
	void (*done)(void *ctx);
	/* The stream is over (BROKEN: the peer went or stalled); CTX is not
	 * used again by the sender. */
	void (*ended)(void *ctx, bool broken);
};

struct stream_tx;

struct stream_tx *stream_tx_new(const struct stream_tx_ops *ops, double stall);
/* Every stream must have ended (stream_tx_end_all). */
void stream_tx_free(struct stream_tx *tx);
/* Take stream CTX on socket FD (non-blocking, owned by MHD: never closed here). */
void stream_tx_add(struct stream_tx *tx, int fd, void *ctx);
/* A frame was published (or a second went by): offer the idle streams a part. */
void stream_tx_kick(struct stream_tx *tx);
/* End every stream (ENDED with BROKEN false) and return once all have. */
void stream_tx_end_all(struct stream_tx *tx);

#endif
