// SPDX-License-Identifier: GPL-2.0-or-later
#include "http_media.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "asf.h"
#include "camera.h"
#include "cgi.h"
#include "config.h"
#include "frame_source.h"
#include "log.h"
#include "media_params.h"
#include "mic.h"
#include "schedule.h"
#include "settings.h"
#include "stream_hub.h"
#include "stream_tx.h"
#include "util.h"

enum vkind { V_MJPEG, V_ASF, V_SNAPSHOT };

struct viewer {
	struct viewer *prev, *next;	/* every viewer, for the wake-up */
	struct media *media;		/* the media object it is a viewer of */
	struct MHD_Connection *con;
	unsigned char client[16];	/* client_key() of its address */
	enum vkind kind;
	int res;
	bool parked;			/* suspended by us: resume it on news */
	bool taken;			/* its socket is the stream sender's */
	int tx_end;			/* the sender ended it: 1 cleanly, 2 broken */
	bool timestamps;		/* X-Timestamp part header (opt-in) */
	long interval_us;		/* rate; 0 = every frame */
	double next_due;		/* the rate's next slot (media_pace_due) */
	uint64_t seq;			/* of the last frame taken */
	struct frame *cur;		/* the frame being sent */
	const uint8_t *seg[3];		/* what remains of the current part */
	size_t seglen[3];
	int nseg, segi;
	size_t segoff;
	char hdr[MEDIA_PART_HEADER_MAX];
	uint8_t *asf_head;		/* sent once, first */
	size_t asf_head_len;
	/* ASF: the media object being sent, one packet at a time, straight
	 * from the shared frame (or the viewer's copy of the audio block) */
	bool mic;			/* it keeps the microphone wanted */
	bool audio;			/* the stream carries the microphone */
	bool based;			/* base_ms is set */
	uint64_t base_ms;		/* the first object's time: presentation 0 */
	uint64_t audio_seq;		/* of the last block taken */
	struct mic_block blk;		/* the block being sent */
	const uint8_t *obj;
	size_t obj_len, obj_pk;		/* its length, its next packet */
	int obj_stream;
	uint8_t obj_num;
	uint32_t obj_pres;
	uint8_t objnum[2];		/* next media object number per stream */
	uint32_t last_send;		/* send times never go back */
	uint8_t pkt[ASF_PACKET_OVERHEAD];
	unsigned int starts0;		/* hub starts when it came */
	double t0;
	char disposition[160];
};

struct media {
	const struct frame_source_ops *source_ops;
	void *source_ctx;
	struct hub *hub;
	struct stream_tx *tx;
	struct mic *mic;
	struct camera *mic_camera;	/* the microphone's (camera_mic_ops) */
	pthread_mutex_t vlock;		/* the viewers, their parking, stopping */
	struct viewer *viewers;
	unsigned int nstreams;
	bool stopping;			/* the HTTP daemon is going: end streams */

	/* The forbidden schedule, read at most once a second (forbidden_now). */
	pthread_mutex_t forbid_lock;
	double forbid_checked;
	bool forbid_now;
};

/* Whether the forbidden schedule holds now (its cache renewed once a second). */
static bool forbidden_now(struct media *m)
{
	double now = mono_now();
	bool r;

	pthread_mutex_lock(&m->forbid_lock);
	if (now - m->forbid_checked >= 1.0) {
		struct week_schedule f;
		struct tm tm;

		camera_local_tm(&tm);
		settings_lock();
		week_schedule_read_locked(&f, "");
		settings_unlock();
		m->forbid_now = week_schedule_at(&f, &tm);
		m->forbid_checked = now;
	}
	r = m->forbid_now;
	pthread_mutex_unlock(&m->forbid_lock);
	return r;
}

/* Resume the parked viewers of M (those with sound only, AUDIO_ONLY). */
static void wake_some(struct media *m, bool audio_only)
{
	pthread_mutex_lock(&m->vlock);
	for (struct viewer *v = m->viewers; v; v = v->next) {
		if (v->parked && (v->audio || !audio_only)) {
			v->parked = false;
			MHD_resume_connection(v->con);
		}
	}
	pthread_mutex_unlock(&m->vlock);
}

/* A frame was published (or the hub's tick): every viewer of CTX may go on. */
static void wake(void *ctx)
{
	struct media *m = ctx;

	wake_some(m, false);
	stream_tx_kick(m->tx);
}

/* A microphone block was published: only the streams with sound. */
static void wake_audio(void *ctx)
{
	wake_some(ctx, true);
}

static void con_client_key(struct MHD_Connection *con, unsigned char key[16])
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

	client_key(ci ? ci->client_addr : NULL, key);
}

/*
 * A viewer of M, of resolution code RES, taking a frame at most every
 * INTERVAL_US (0: every one).
 */
static struct viewer *viewer_new(struct media *m, struct MHD_Connection *con, enum vkind kind,
				 int res, long interval_us)
{
	struct viewer *v = xcalloc(1, sizeof(*v));

	v->media = m;
	v->con = con;
	con_client_key(con, v->client);
	v->kind = kind;
	v->res = res;
	v->interval_us = interval_us;
	v->t0 = mono_now();
	hub_subscribe(m->hub, res, interval_us);
	pthread_mutex_lock(&m->vlock);
	v->next = m->viewers;
	if (m->viewers)
		m->viewers->prev = v;
	m->viewers = v;
	if (kind != V_SNAPSHOT)
		m->nstreams++;
	pthread_mutex_unlock(&m->vlock);
	return v;
}

static void viewer_free(void *cls)
{
	struct viewer *v = cls;
	struct media *m;

	if (!v)
		return;
	m = v->media;
	pthread_mutex_lock(&m->vlock);
	if (v->prev)
		v->prev->next = v->next;
	else
		m->viewers = v->next;
	if (v->next)
		v->next->prev = v->prev;
	if (v->kind != V_SNAPSHOT)
		m->nstreams--;
	pthread_mutex_unlock(&m->vlock);
	hub_unsubscribe(m->hub, v->res, v->interval_us);
	if (v->mic)
		mic_unsubscribe(m->mic);
	frame_unref(v->cur);
	free(v->asf_head);
	free(v);
}

unsigned int media_viewers(struct media *m)
{
	unsigned int n;

	if (!m)
		return 0;
	pthread_mutex_lock(&m->vlock);
	n = m->nstreams;
	pthread_mutex_unlock(&m->vlock);
	return n;
}

/* Zero padding of the packets, sent from here rather than copied. */
static const uint8_t asf_zeros[ASF_PACKET_ROOM];

/* The current object's next packet as the segments; false when it is out. */
static bool asf_next_packet(struct viewer *v)
{
	size_t off, frag;

	if (!v->obj || v->obj_pk == asf_packets_needed(v->obj_len))
		return false;
	off = v->obj_pk * ASF_PACKET_ROOM;
	frag = asf_fragment(v->obj_len, v->obj_pk++);
	/* every JPEG is a key frame, every ADPCM block stands alone */
	asf_packet_header(v->pkt, v->obj_stream, true, v->obj_num, v->obj_pres, v->last_send,
			  v->obj_len, off, frag);
	v->seg[0] = v->pkt;
	v->seglen[0] = sizeof(v->pkt);
	v->seg[1] = v->obj + off;
	v->seglen[1] = frag;
	v->seg[2] = asf_zeros;
	v->seglen[2] = ASF_PACKET_ROOM - frag;
	v->nseg = 3;
	v->segi = 0;
	v->segoff = 0;
	return true;
}

/*
 * Start sending a media object captured at MS.  Presentation times count
 * from the viewer's first object, so a player's clock starts near zero.
 */
static void asf_take(struct viewer *v, int stream, const uint8_t *data, size_t len,
		     uint64_t ms)
{
	if (!v->based) {
		v->base_ms = ms;
		v->based = true;
	}
	v->obj = data;
	v->obj_len = len;
	v->obj_pk = 0;
	v->obj_stream = stream;
	v->obj_num = v->objnum[stream - 1]++;
	v->obj_pres = ms > v->base_ms ? (uint32_t)(ms - v->base_ms) : 0;
	/*
	 * A block is published a period or so after its last sample, so it
	 * can follow a frame captured after its first: its presentation
	 * time is earlier, but packets go in send-time order.
	 */
	if (v->obj_pres > v->last_send)
		v->last_send = v->obj_pres;
	asf_next_packet(v);
}

/* The next microphone block to send into V->blk (none older than the
 * stream's start); false when there is none yet. */
static bool asf_next_block(struct viewer *v)
{
	while (mic_next(v->media->mic, v->audio_seq, &v->blk)) {
		if (!v->based || v->blk.mono_ms >= v->base_ms)
			return true;
		v->audio_seq = v->blk.seq;
	}
	return false;
}

/* Send F next (the rate allowed it: media_pace_due()). */
static void take(struct viewer *v, struct frame *f)
{
	v->cur = f;
	v->seq = f->seq;
	media_pace_take(&v->next_due, v->interval_us, (double)f->mono_ms / 1e3);
	v->nseg = 0;
	v->segi = 0;
	v->segoff = 0;
	if (v->kind == V_ASF) {
		asf_take(v, ASF_VIDEO_STREAM, f->jpeg, f->len, f->mono_ms);
		return;
	}
	v->seglen[v->nseg] = media_part_header(v->hdr, sizeof(v->hdr), f->len,
					       v->timestamps ? &f->wall : NULL);
	v->seg[v->nseg++] = (const uint8_t *)v->hdr;
	v->seg[v->nseg] = f->jpeg;
	v->seglen[v->nseg++] = f->len;
	v->seg[v->nseg] = (const uint8_t *)"\r\n";
	v->seglen[v->nseg++] = 2;
}

/* The next part, if one may go now. */
static bool next_part(struct viewer *v)
{
	struct frame *f;

	if (forbidden_now(v->media))
		return false;		/* no frame in a forbidden quarter-hour */
	f = hub_latest(v->media->hub, v->res, v->seq);
	/* the rate, on the capture clock as the hub's encodes */
	if (f && !media_pace_due(v->next_due, v->interval_us, (double)f->mono_ms / 1e3)) {
		frame_unref(f);
		f = NULL;
	}
	/* ASF: of what is there now, the earlier captured goes first */
	if (v->audio && asf_next_block(v) && (!f || v->blk.mono_ms <= f->mono_ms)) {
		frame_unref(f);
		v->audio_seq = v->blk.seq;
		asf_take(v, ASF_AUDIO_STREAM, v->blk.data, sizeof(v->blk.data), v->blk.mono_ms);
		return true;
	}
	if (!f)
		return false;
	take(v, f);
	return true;
}

/*
 * The camera went away under the stream (unplugged, unbound): a capture
 * start after the viewer came failed for want of the device.  An error
 * left from before the viewer came does not count: its own start clears
 * it or fails again.
 */
static bool capture_lost(const struct viewer *v)
{
	struct hub *hub = v->media->hub;

	return hub_error(hub) == -ENODEV && hub_starts(hub) > v->starts0;
}

/* Whether the HTTP daemon is going (the sender's thread asks). */
static bool media_stopping(struct media *m)
{
	bool s;

	pthread_mutex_lock(&m->vlock);
	s = m->stopping;
	pthread_mutex_unlock(&m->vlock);
	return s;
}

/* The stream sender's side (stream_tx.h): the next part of viewer CTX. */
static int tx_next(void *ctx, struct iovec *iov)
{
	struct viewer *v = ctx;

	if (media_stopping(v->media))
		return -1;
	if (!next_part(v))
		return capture_lost(v) ? -1 : 0;
	for (int i = 0; i < v->nseg; i++) {
		iov[i].iov_base = (void *)v->seg[i];
		iov[i].iov_len = v->seglen[i];
	}
	return v->nseg;
}

static void tx_done(void *ctx)
{
	struct viewer *v = ctx;

	frame_unref(v->cur);
	v->cur = NULL;
	v->nseg = v->segi = 0;
	v->segoff = 0;
}

/* The sender is done with V: MHD resumes it and the reader ends the response. */
static void tx_ended(void *ctx, bool broken)
{
	struct viewer *v = ctx;

	pthread_mutex_lock(&v->media->vlock);
	v->tx_end = broken ? 2 : 1;
	MHD_resume_connection(v->con);
	pthread_mutex_unlock(&v->media->vlock);
}

static const struct stream_tx_ops tx_ops = { tx_next, tx_done, tx_ended };

/*
 * The headers and the first part are out (MHD reads the next part only
 * when all before it is sent): the sender takes the socket from here on.
 */
static bool hand_over(struct viewer *v)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(v->con, MHD_CONNECTION_INFO_CONNECTION_FD);
	struct media *m = v->media;
	int off = 0, on = 1;

	if (v->kind != V_MJPEG || !ci)
		return false;
	/* every part goes out whole and at once: no cork MHD may have left */
	setsockopt(ci->connect_fd, IPPROTO_TCP, TCP_CORK, &off, sizeof(off));
	setsockopt(ci->connect_fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	pthread_mutex_lock(&m->vlock);
	v->taken = true;
	MHD_suspend_connection(v->con);
	pthread_mutex_unlock(&m->vlock);
	stream_tx_add(m->tx, ci->connect_fd, v);
	return true;
}

static ssize_t stream_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct viewer *v = cls;
	struct media *m = v->media;
	size_t n = 0;

	(void)pos;
	if (v->tx_end)
		return v->tx_end == 2 ? MHD_CONTENT_READER_END_WITH_ERROR :
					MHD_CONTENT_READER_END_OF_STREAM;
	for (;;) {
		while (v->segi < v->nseg && n < max) {
			size_t left = v->seglen[v->segi] - v->segoff;
			size_t c = left < max - n ? left : max - n;

			memcpy(buf + n, v->seg[v->segi] + v->segoff, c);
			n += c;
			v->segoff += c;
			if (v->segoff == v->seglen[v->segi]) {
				v->segi++;
				v->segoff = 0;
			}
		}
		if (n)
			return (ssize_t)n;
		if (asf_next_packet(v))
			continue;
		/* the part is out: let go of its frame */
		v->obj = NULL;
		frame_unref(v->cur);
		v->cur = NULL;
		v->nseg = v->segi = 0;
		if (m->stopping)
			return MHD_CONTENT_READER_END_OF_STREAM;
		if (hand_over(v))
			return 0;
		if (next_part(v))
			continue;
		/* the stream ends cleanly, at a part boundary */
		if (capture_lost(v)) {
			log_info("media: the camera is gone: a stream ends");
			return MHD_CONTENT_READER_END_OF_STREAM;
		}
		/* nothing to send: park until the hub publishes (or ticks);
		 * checked again under vlock so that a publish in between is
		 * not missed (wake() takes vlock) */
		pthread_mutex_lock(&m->vlock);
		if (m->stopping) {
			pthread_mutex_unlock(&m->vlock);
			return MHD_CONTENT_READER_END_OF_STREAM;
		}
		if (next_part(v)) {
			pthread_mutex_unlock(&m->vlock);
			continue;
		}
		v->parked = true;
		MHD_suspend_connection(v->con);
		pthread_mutex_unlock(&m->vlock);
		return 0;
	}
}

/* The resolution code a request asks for (the camera's own when none or unknown). */
static int requested_res(const struct query *q)
{
	size_t len = 0;
	const char *val = query_get(q, "resolution", &len);
	int code = media_resolution_code(val, len);

	if (!code) {
		/* absent or an unknown form: the camera's own setting */
		settings_lock();
		code = (int)settings_int("resolution");
		settings_unlock();
	}
	return hub_res_index(code) < 0 ? 32 : code;
}

static void bound_socket(struct MHD_Connection *con)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(con, MHD_CONNECTION_INFO_CONNECTION_FD);
	int sndbuf = cfg.stream_sndbuf, lowat = 16384;

	if (!ci)
		return;
	/* a bounded kernel queue: a slow viewer's backlog stays small and
	 * it skips to the newest frame instead of lagging further */
	if (sndbuf > 0)
		setsockopt(ci->connect_fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	setsockopt(ci->connect_fd, IPPROTO_TCP, TCP_NOTSENT_LOWAT, &lowat, sizeof(lowat));
}

static void common_headers(struct MHD_Response *resp, const char *ctype)
{
	MHD_add_response_header(resp, MHD_HTTP_HEADER_SERVER, cfg.server_header);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
}

/*
 * Room for one more stream from the client KEY?  At most max_viewers in
 * all, and max_viewers_per_ip from one client, so that a few addresses
 * (viewers that connect and never read, say) cannot take every slot.
 */
static bool stream_slot_free(struct media *m, const unsigned char key[16])
{
	unsigned int mine = 0;
	bool ok;

	pthread_mutex_lock(&m->vlock);
	for (struct viewer *v = m->viewers; v; v = v->next)
		if (v->kind != V_SNAPSHOT && !memcmp(v->client, key, 16))
			mine++;
	ok = m->nstreams < (unsigned int)cfg.max_viewers &&
	     mine < (unsigned int)cfg.max_viewers_per_ip;
	pthread_mutex_unlock(&m->vlock);
	if (!ok)
		log_info("media: %u viewers, %u from this client (limits %d, %d): refused",
			 m->nstreams, mine, cfg.max_viewers, cfg.max_viewers_per_ip);
	return ok;
}

static bool start_stream(struct media *m, struct MHD_Connection *con, enum vkind kind,
			 const struct query *q, struct reply *r, enum MHD_Result *ret)
{
	struct viewer *v;
	struct MHD_Response *resp;
	unsigned char key[16];
	size_t len = 0;
	const char *val;

	con_client_key(con, key);
	if (!stream_slot_free(m, key)) {
		reply_unavailable(r, "error: too many viewers.");
		return false;
	}
	val = query_get(q, "rate", &len);
	v = viewer_new(m, con, kind, requested_res(q), media_rate_interval_us(val, len));
	v->starts0 = hub_starts(m->hub);
	v->timestamps = cfg.stream_timestamps;
	val = query_get(q, "timestamp", &len);
	if (val)
		v->timestamps = len == 1 && val[0] == '1';
	if (kind == V_ASF) {
		uint32_t w = 0, h = 0;
		struct asf_info info;

		if (hub_res_index(v->res) >= 0) {
			static const uint32_t ws[] = { 160, 320, 640, 1280 };
			static const uint32_t hs[] = { 120, 240, 480, 720 };

			w = ws[hub_res_index(v->res)];
			h = hs[hub_res_index(v->res)];
		}
		memset(&info, 0, sizeof(info));
		info.width = w;
		info.height = h;
		/*
		 * Every ASF viewer of a camera with a microphone keeps it
		 * wanted, so a card that failed (busy) is tried again while
		 * streams run; one that failed just now is left out of this
		 * stream rather than declared and never sent.
		 */
		if (camera_has_microphone(m->mic_camera)) {
			v->mic = true;
			mic_subscribe(m->mic);
			info.audio = !mic_failing(m->mic);
			pthread_mutex_lock(&m->vlock);	/* wake_audio() reads it */
			v->audio = info.audio;
			pthread_mutex_unlock(&m->vlock);
			v->audio_seq = mic_seq(m->mic);
		}
		info.max_bitrate = 20000000;
		v->asf_head_len = asf_header_size(&info);
		v->asf_head = xmalloc(v->asf_head_len);
		asf_header(v->asf_head, &info);
		v->seg[0] = v->asf_head;
		v->seglen[0] = v->asf_head_len;
		v->nseg = 1;
	}
	resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 32 * 1024, stream_reader, v,
						 viewer_free);
	if (!resp) {
		viewer_free(v);
		*ret = MHD_NO;
		return true;
	}
	/* no chunked encoding: the body is the stream itself, to the end */
	MHD_set_response_options(resp, MHD_RF_HTTP_VERSION_1_0_ONLY, MHD_RO_END);
	common_headers(resp, kind == V_ASF ? "video/x-ms-asf" :
			     "multipart/x-mixed-replace;boundary=" MEDIA_BOUNDARY);
	MHD_add_response_header(resp, "Pragma", "no-cache");
	bound_socket(con);
	*ret = MHD_queue_response(con, 200, resp);
	MHD_destroy_response(resp);
	log_debug("media: %s viewer at resolution %d, %ld us between frames%s",
		  kind == V_ASF ? "ASF" : "MJPEG", v->res, v->interval_us,
		  v->audio ? ", with sound" : "");
	return true;
}

static void unref_cb(void *cls)
{
	frame_unref(cls);
}

static enum MHD_Result send_snapshot(struct MHD_Connection *con, struct viewer *v,
				     struct frame *f)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer_with_free_callback_cls(f->len, f->jpeg, unref_cb,
								      f);
	if (!resp) {
		frame_unref(f);
		return MHD_NO;
	}
	common_headers(resp, "image/jpeg");
	MHD_add_response_header(resp, "Content-Disposition", v->disposition);
	ret = MHD_queue_response(con, 200, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* A snapshot waits for its frame (first call or after a resume). */
static enum MHD_Result snapshot_step(struct MHD_Connection *con, struct viewer *v,
				     struct reply *r, bool *use_reply)
{
	struct media *m = v->media;
	struct frame *f = hub_latest(m->hub, v->res, 0);
	int err;

	*use_reply = false;
	if (f)
		return send_snapshot(con, v, f);
	err = hub_error(m->hub);
	if ((err && hub_starts(m->hub) > v->starts0) || mono_now() - v->t0 > 5.0 ||
	    m->stopping) {
		reply_unavailable(r, "error: camera unavailable.");
		*use_reply = true;
		return MHD_YES;
	}
	pthread_mutex_lock(&m->vlock);
	f = m->stopping ? NULL : hub_latest(m->hub, v->res, 0);
	if (f) {
		pthread_mutex_unlock(&m->vlock);
		return send_snapshot(con, v, f);
	}
	v->parked = true;
	MHD_suspend_connection(con);
	pthread_mutex_unlock(&m->vlock);
	return MHD_YES;
}

bool media_request(struct media *m, struct MHD_Connection *con, void **state, const char *path,
		   const struct query *q, struct reply *r, enum MHD_Result *ret)
{
	struct viewer *v = *state;
	bool use_reply;

	if (v) {
		/* a snapshot resumed */
		*ret = snapshot_step(con, v, r, &use_reply);
		return !use_reply;
	}
	if (!m || !m->source_ops->available(m->source_ctx)) {
		reply_unavailable(r, "error: camera unavailable.");
		return false;
	}
	if (forbidden_now(m)) {
		reply_text(r, 403, "error: forbidden schedule.");
		return false;
	}
	if (!strcmp(path, "/videostream.cgi"))
		return start_stream(m, con, V_MJPEG, q, r, ret);
	if (!strcmp(path, "/videostream.asf"))
		return start_stream(m, con, V_ASF, q, r, ret);

	/* snapshot.cgi */
	struct tm tm;
	size_t nlen = 0;
	const char *next = query_get(q, "next_url", &nlen);

	camera_local_tm(&tm);
	v = viewer_new(m, con, V_SNAPSHOT, requested_res(q), 0);
	v->starts0 = hub_starts(m->hub);
	media_snapshot_disposition(v->disposition, sizeof(v->disposition), device_id, &tm,
				   next, nlen);
	*state = v;
	*ret = snapshot_step(con, v, r, &use_reply);
	return !use_reply;
}

void media_request_done(void *state)
{
	viewer_free(state);
}

struct media *media_new(const struct frame_source_ops *ops, void *ctx, struct camera *cam)
{
	struct media *m = xcalloc(1, sizeof(*m));

	m->source_ops = ops;
	m->source_ctx = ctx;
	m->mic_camera = cam;
	pthread_mutex_init(&m->vlock, NULL);
	pthread_mutex_init(&m->forbid_lock, NULL);
	m->forbid_checked = -10;
	/* a stream that makes no progress for the idle timeout has stalled */
	m->tx = stream_tx_new(&tx_ops, cfg.conn_timeout);
	m->hub = hub_new(ops, ctx, cfg.jpeg_quality, cfg.capture_linger, wake, m);
	m->mic = mic_new(&camera_mic_ops, cam, wake_audio, m);
	return m;
}

void media_watch(struct media *m, bool on)
{
	if (m)
		hub_watch(m->hub, on);
}

struct frame *media_snapshot(struct media *m, int res, double timeout, const atomic_bool *stop)
{
	const struct timespec tick = { 0, 20 * 1000000L };
	struct frame *f = NULL;
	unsigned int starts0;
	double t0 = mono_now();
	struct hub *hub;

	if (!m || hub_res_index(res) < 0)
		return NULL;
	hub = m->hub;
	starts0 = hub_starts(hub);
	hub_subscribe(hub, res, 0);
	while (!(f = hub_latest(hub, res, 0))) {
		if ((hub_error(hub) && hub_starts(hub) > starts0) || mono_now() - t0 > timeout ||
		    atomic_load(stop))
			break;
		nanosleep(&tick, NULL);
	}
	hub_unsubscribe(hub, res, 0);
	return f;
}

void media_quiesce(struct media *m, bool on)
{
	if (!m)
		return;
	pthread_mutex_lock(&m->vlock);
	m->stopping = on;
	pthread_mutex_unlock(&m->vlock);
	if (on) {
		wake(m);
		/* the sender's streams too: MHD stops only with none suspended */
		stream_tx_end_all(m->tx);
	}
}

void media_free(struct media *m)
{
	if (!m)
		return;
	mic_free(m->mic);
	hub_free(m->hub);
	stream_tx_free(m->tx);
	pthread_mutex_destroy(&m->forbid_lock);
	pthread_mutex_destroy(&m->vlock);
	free(m);
}
