/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libipcam: the one library that talks to the camera devices.
 *
 * It finds cameras (a V4L2 capture node and, when the same parent device
 * has them, the ipcam PTZ node /dev/ptzN and the microphone's ALSA card),
 * captures frames from the video node without copying them (mmap), sets
 * the picture controls by their CGI SDK meaning, drives the pan/tilt head
 * through the ioctls and sysfs attributes of /dev/ptzN, records the
 * microphone (alsa-lib), watches cameras come and go, and encodes frames
 * to JPEG straight from planar YUV.  It works with any V4L2 capture device
 * (ipcam, vivid, a USB webcam); PTZ and the microphone are optional.
 *
 * Conventions:
 *   - Every function returning int returns 0 on success (or, where the
 *     comment says so, a non-negative value) and a negative errno value on
 *     failure.  ipcam_strerror() turns it into text; each handle also keeps
 *     a longer message about its last failure (ipcam_*_last_error()).
 *   - Handles are opaque.  A handle may be used by one thread at a time;
 *     different handles are independent.  The library has no global
 *     mutable state of its own (libv4l2, underneath, keeps a locked table
 *     of the video fds it wraps).
 *   - -ENODEV always means "the device has gone" (unplugged, unbound,
 *     module removed).  A handle that has seen it returns -ENODEV from then
 *     on; close it and wait for the camera to come back (ipcam_monitor).
 *   - -EOPNOTSUPP means "this camera does not have that" (no PTZ, no such
 *     control, a format the encoder cannot take).
 *   - -EAGAIN from a non-blocking read means "nothing yet": poll the fd.
 */
#ifndef IPCAM_H
#define IPCAM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>		/* ssize_t */

#include <linux/ipcam-ptz.h>	/* the /dev/ptzN UAPI: structs used below */

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && !defined(IPCAM_API)
#define IPCAM_API __attribute__((visibility("default")))
#elif !defined(IPCAM_API)
#define IPCAM_API
#endif

#define IPCAM_VERSION_MAJOR	1
#define IPCAM_VERSION_MINOR	0

/* ------------------------------------------------------------------ */
/* Errors */

/*
 * Text for a negative errno value returned by this library (a positive
 * value is taken as its negation).  Never NULL; the string is static, so
 * the function is thread-safe.
 */
IPCAM_API const char *ipcam_strerror(int err);

/* ------------------------------------------------------------------ */
/* Discovery */

/*
 * A camera: a V4L2 video capture node and, when its parent device also
 * has a misc device named ptzN, that PTZ node, and when it also has a
 * sound card (cardN), that microphone.  Strings are NUL-terminated; the
 * ptz_* strings are empty when the camera has no PTZ, the sound_* strings
 * when it has no microphone.
 */
struct ipcam_camera_info {
	char name[64];		/* video4linux "name" attribute: "ipcam-0" */
	char driver[16];	/* VIDIOC_QUERYCAP driver: "ipcam", "vivid" */
	char card[32];		/* VIDIOC_QUERYCAP card */
	char bus_info[32];	/* VIDIOC_QUERYCAP bus_info: "platform:ipcam.0" */
	char video_node[64];	/* "/dev/video0" */
	char video_syspath[256];
	char parent_syspath[256];	/* the device both nodes hang off */
	char ptz_node[64];	/* "/dev/ptz0" or "" */
	char ptz_syspath[256];	/* "/sys/devices/platform/ipcam.0/misc/ptz0" */
	uint32_t device_caps;	/* VIDIOC_QUERYCAP device_caps of the video node */
	char sound_card[32];  /* ALSA card id of its microphone ("ipcam0"), "" when it has none */
	char sound_syspath[256];	/* "/sys/devices/platform/ipcam.0/sound/card1" or "" */
};

/*
 * List the cameras: every video4linux node that can capture (single-planar
 * V4L2_CAP_VIDEO_CAPTURE with streaming), sorted by device number.  Up to
 * @max entries go to @cams; *@count is set to the number found, which may
 * be larger than @max.  A node that cannot be opened (permissions) is left
 * out.
 */
IPCAM_API int ipcam_camera_list(struct ipcam_camera_info *cams, size_t max,
				size_t *count);

/*
 * Find one camera by its name attribute ("ipcam-0"), card, bus_info,
 * node name ("video0"), parent name ("ipcam.0") or a path to its video node
 * (symlinks allowed: "/dev/video0", "/dev/v4l/by-path/...").
 * -ENOENT when no camera matches.
 */
IPCAM_API int ipcam_camera_find(const char *what,
				struct ipcam_camera_info *cam);

/* ------------------------------------------------------------------ */
/* Hotplug */

enum ipcam_hotplug_source {
	/* udev's events when udevd runs (/run/udev/control), else the kernel's */
	IPCAM_HOTPLUG_AUTO = 0,
	IPCAM_HOTPLUG_UDEV,	/* after udevd set up the node (permissions) */
	IPCAM_HOTPLUG_KERNEL,	/* the kernel's uevents: systems without udevd */
};

enum ipcam_hotplug_action {
	IPCAM_HOTPLUG_ADDED = 1,	/* a camera appeared */
	IPCAM_HOTPLUG_REMOVED,		/* a camera's video node went away */
	IPCAM_HOTPLUG_CHANGED,		/* its PTZ node or microphone came or went */
};

struct ipcam_hotplug_event {
	enum ipcam_hotplug_action action;
	struct ipcam_camera_info camera;	/* as it was known when removed */
};

struct ipcam_monitor;

/*
 * Watch cameras appear and disappear (subsystems video4linux, misc and
 * sound).
 * The cameras present when the monitor is created are known to it, so
 * their removal is reported with their full identity.  Create the monitor
 * before listing the cameras so that none is missed in between.
 */
IPCAM_API int ipcam_monitor_new(struct ipcam_monitor **mon,
				enum ipcam_hotplug_source source);
IPCAM_API void ipcam_monitor_free(struct ipcam_monitor *mon);

/* The fd to poll for POLLIN (non-negative; never fails). */
IPCAM_API int ipcam_monitor_fd(const struct ipcam_monitor *mon);

/*
 * Next camera event, without blocking: 0 and *@ev filled, or -EAGAIN when
 * nothing (more) is pending.  Events about other devices are consumed and
 * skipped.  -ENOBUFS when the kernel dropped uevents (the socket's buffer
 * overflowed): the monitor has relearned the cameras present, the caller
 * should list them again too.
 */
IPCAM_API int ipcam_monitor_read(struct ipcam_monitor *mon,
				 struct ipcam_hotplug_event *ev);
IPCAM_API const char *ipcam_monitor_last_error(const struct ipcam_monitor *mon);

/* ------------------------------------------------------------------ */
/* Video: format, streaming, frames */

struct ipcam_video;

struct ipcam_format {
	uint32_t fourcc;	/* V4L2_PIX_FMT_*: YUYV, YUV420, ... */
	uint32_t width;
	uint32_t height;
	uint32_t bytesperline;	/* of the first plane */
	uint32_t sizeimage;
};

/* A frame interval: num/den seconds per frame (1/30 = 30 fps). */
struct ipcam_interval {
	uint32_t num;
	uint32_t den;
};

/*
 * A dequeued frame.  data points into the driver's (or libv4l2's) mmapped
 * buffer: nothing is copied.  It stays valid until the frame is given back
 * with ipcam_video_requeue() or streaming stops, and stays mapped (readable)
 * even after the device has gone, until then.
 */
struct ipcam_frame {
	const uint8_t *data;
	size_t bytesused;
	uint32_t width;
	uint32_t height;
	uint32_t fourcc;
	uint32_t bytesperline;
	uint64_t timestamp_ns;	/* V4L2 timestamp; see flags for its clock */
	uint32_t sequence;	/* V4L2 sequence number */
	uint32_t index;		/* buffer index, for ipcam_video_requeue() */
	uint32_t flags;		/* V4L2_BUF_FLAG_* (TIMESTAMP_MONOTONIC ...) */
};

/*
 * Open a video node ("/dev/video0") through libv4l2, non-blocking.  Fails
 * with -EOPNOTSUPP when it is not a single-planar streaming capture device.
 * libv4l2 converts formats the device lacks (YUV420 from a MJPEG-only
 * webcam, for instance).
 */
IPCAM_API int ipcam_video_open(struct ipcam_video **video, const char *path);
/* Stops streaming if needed and closes.  NULL is allowed. */
IPCAM_API void ipcam_video_close(struct ipcam_video *video);

/*
 * The fd to poll: POLLIN when a frame can be dequeued, POLLERR/POLLHUP
 * when the device has gone (ipcam_video_dequeue() then says -ENODEV).
 */
IPCAM_API int ipcam_video_fd(const struct ipcam_video *video);
IPCAM_API const char *ipcam_video_last_error(const struct ipcam_video *video);

/* Formats, sizes, intervals by index; -EINVAL past the last one. */
IPCAM_API int ipcam_video_enum_format(struct ipcam_video *video,
				      unsigned int index, uint32_t *fourcc);
/*
 * The same, with the format's V4L2_FMT_FLAG_* in *flags:
 * V4L2_FMT_FLAG_EMULATED marks a format the device lacks, which libv4l2
 * makes by converting in this process (CPU the device's own formats cost
 * nobody).
 */
IPCAM_API int ipcam_video_enum_format_flags(struct ipcam_video *video,
					    unsigned int index, uint32_t *fourcc,
					    uint32_t *flags);
/* Discrete sizes only; -EOPNOTSUPP for stepwise/continuous ranges. */
IPCAM_API int ipcam_video_enum_size(struct ipcam_video *video, uint32_t fourcc,
				    unsigned int index, uint32_t *width,
				    uint32_t *height);
IPCAM_API int ipcam_video_enum_interval(struct ipcam_video *video,
					uint32_t fourcc, uint32_t width,
					uint32_t height, unsigned int index,
					struct ipcam_interval *interval);

IPCAM_API int ipcam_video_get_format(struct ipcam_video *video,
				     struct ipcam_format *fmt);
/*
 * Set fourcc, width and height from *@fmt; the driver may adjust the size
 * to the nearest it has, and *@fmt is updated to what it chose.  A fourcc
 * the device cannot deliver even through libv4l2 gives -EINVAL.  -EBUSY
 * while streaming.
 */
IPCAM_API int ipcam_video_set_format(struct ipcam_video *video,
				     struct ipcam_format *fmt);

IPCAM_API int ipcam_video_get_interval(struct ipcam_video *video,
				       struct ipcam_interval *interval);
/* The driver picks the nearest interval it has; *@interval is updated. */
IPCAM_API int ipcam_video_set_interval(struct ipcam_video *video,
				       struct ipcam_interval *interval);

/*
 * Allocate and mmap @nbuffers buffers (0: 4; the driver may give more or
 * fewer, at most 32), queue them all and start streaming.
 */
IPCAM_API int ipcam_video_start(struct ipcam_video *video,
				unsigned int nbuffers);
/*
 * Stop streaming and unmap the buffers; every dequeued frame becomes
 * invalid.  Succeeds (returns 0) also when the device has gone.
 */
IPCAM_API int ipcam_video_stop(struct ipcam_video *video);

/*
 * Take the next filled buffer without blocking: 0 and *@frame set,
 * -EAGAIN when none is ready, -ENODEV when the device has gone, -EINVAL
 * when not streaming.  Buffers the driver marked as failed
 * (V4L2_BUF_FLAG_ERROR) are given back silently and never returned.
 * Give every frame back with ipcam_video_requeue(); keep at least one
 * buffer queued or no frame can arrive.
 */
IPCAM_API int ipcam_video_dequeue(struct ipcam_video *video,
				  struct ipcam_frame *frame);
IPCAM_API int ipcam_video_requeue(struct ipcam_video *video,
				  const struct ipcam_frame *frame);

/*
 * Block until a frame is ready or the device has an error to report
 * (then 0: call ipcam_video_dequeue()), or -ETIMEDOUT after @timeout_ms
 * (< 0: forever); -ENODEV once the handle has seen the device go.  For
 * programs without an event loop of their own.
 */
IPCAM_API int ipcam_video_wait(struct ipcam_video *video, int timeout_ms);

/* ------------------------------------------------------------------ */
/* Motion detection */

/*
 * The picture is judged in IPCAM_MOTION_COLS x IPCAM_MOTION_ROWS cells; a
 * cell moves when its mean luma leaves the learnt background by more than
 * its threshold.  A change of the whole picture's brightness (lights, an
 * IR switch, the brightness control) and anything seen in fewer than three
 * frames in a row are not motion.  Events name the moving regions: bit
 * (row / 3) * 8 + column / 2 of the cell grid.
 */
#define IPCAM_MOTION_COLS	16
#define IPCAM_MOTION_ROWS	12
#define IPCAM_MOTION_EXCLUDED	255	/* grid threshold of an excluded cell */

struct ipcam_motion_config {
	uint32_t threshold;	/* 1..254 luma codes (without a grid) */
	int compensate;		/* take the whole picture's change out first */
	/* NULL, or COLS * ROWS thresholds (1..255), row by row */
	const uint16_t *grid;
};

struct ipcam_motion_event {
	uint32_t regions;	/* moving regions; 0: the motion ended */
	uint32_t sequence;	/* of the frame it was seen in */
	uint64_t timestamp_ns;	/* CLOCK_MONOTONIC */
};

/*
 * Arm motion detection on @video (again, to change the settings): the
 * device's own detector when it has the V4L2 Detect class (events on the
 * fd, POLLPRI), otherwise libipcam's software detector, the same
 * algorithm, run on every frame ipcam_video_dequeue() returns.  Events
 * come while the device streams.  -EINVAL for a threshold out of range.
 */
IPCAM_API int ipcam_motion_arm(struct ipcam_video *video,
			       const struct ipcam_motion_config *cfg);
IPCAM_API int ipcam_motion_disarm(struct ipcam_video *video);
/* 1: the device detects, 0: software, -EINVAL: not armed. */
IPCAM_API int ipcam_motion_hardware(const struct ipcam_video *video);
/* The next event without blocking: 0 and *@ev, or -EAGAIN. */
IPCAM_API int ipcam_motion_read(struct ipcam_video *video,
				struct ipcam_motion_event *ev);
/*
 * For programs that want only the events: wait up to @timeout_ms (< 0:
 * forever) for one, dequeueing and giving back frames meanwhile; 0 (then
 * ipcam_motion_read(), which says -EAGAIN when what woke it was another
 * event of the device), -ETIMEDOUT, or an error of the video handle.
 */
IPCAM_API int ipcam_motion_wait(struct ipcam_video *video, int timeout_ms);

/* ------------------------------------------------------------------ */
/* Picture settings by their CGI SDK meaning */

enum ipcam_setting {
	IPCAM_SETTING_RESOLUTION = 0,	/* IPCAM_RESOLUTION_* */
	IPCAM_SETTING_BRIGHTNESS = 1,	/* 0..255 */
	IPCAM_SETTING_CONTRAST = 2,	/* 0..6 */
	IPCAM_SETTING_MODE = 3,		/* IPCAM_MODE_* */
	IPCAM_SETTING_FLIP = 5,		/* IPCAM_FLIP_* */
};

/* SDK resolution codes (camera_control.cgi param 0). */
#define IPCAM_RESOLUTION_160X120	2
#define IPCAM_RESOLUTION_320X240	8
#define IPCAM_RESOLUTION_640X480	32
#define IPCAM_RESOLUTION_1280X720	64	/* project extension */

/* SDK mode: the mains frequency of the lighting (power-line filter). */
#define IPCAM_MODE_50HZ		0
#define IPCAM_MODE_60HZ		1
#define IPCAM_MODE_OUTDOOR	2	/* no power-line filter */

/* SDK flip: a bit mask. */
#define IPCAM_FLIP_NONE		0
#define IPCAM_FLIP_VERTICAL	1	/* the SDK's "flip" */
#define IPCAM_FLIP_MIRROR	2	/* horizontal */
#define IPCAM_FLIP_BOTH		3

#define IPCAM_BRIGHTNESS_MAX	255
#define IPCAM_CONTRAST_MAX	6

/*
 * Read a setting in SDK units.  Brightness and contrast are mapped
 * linearly from the control's own range when it differs from the SDK's;
 * resolution is the current format's size (-ERANGE when it has no SDK
 * code); mode -ERANGE when the control is set to a value without one
 * (auto).  -EOPNOTSUPP when the camera lacks the control.
 */
IPCAM_API int ipcam_video_get_setting(struct ipcam_video *video,
				      enum ipcam_setting setting, int *value);
/*
 * Set a setting in SDK units (-EINVAL outside the SDK range).  Resolution
 * keeps the current pixel format, fails with -EOPNOTSUPP when the camera
 * does not have that exact size and with -EBUSY while streaming.
 */
IPCAM_API int ipcam_video_set_setting(struct ipcam_video *video,
				      enum ipcam_setting setting, int value);

/* SDK resolution code <-> frame size; -EINVAL for an unknown code/size. */
IPCAM_API int ipcam_resolution_size(int code, uint32_t *width,
				    uint32_t *height);
IPCAM_API int ipcam_resolution_code(uint32_t width, uint32_t height,
				    int *code);

/* ------------------------------------------------------------------ */
/* JPEG */

struct ipcam_jpeg;

/*
 * An encoder for frames of one format and size: V4L2_PIX_FMT_YUYV
 * (de-interleaved into reused 4:2:2 planes, encoded 4:2:2),
 * V4L2_PIX_FMT_YUV420 or V4L2_PIX_FMT_YVU420 (planes passed through,
 * encoded 4:2:0).  Quality 1..100.  Every buffer (the de-interleave planes,
 * the tjBufSize() output buffer) is allocated here, once; encoding
 * allocates nothing of its own and never moves the output buffer.  (Inside
 * each tjCompressFromYUVPlanes() call libjpeg still takes and frees its
 * small per-image working pools, about 30 KB at 640x480.)
 */
IPCAM_API int ipcam_jpeg_new(struct ipcam_jpeg **jpeg, uint32_t fourcc,
			     uint32_t width, uint32_t height, int quality);
IPCAM_API void ipcam_jpeg_free(struct ipcam_jpeg *jpeg);
IPCAM_API int ipcam_jpeg_set_quality(struct ipcam_jpeg *jpeg, int quality);

/*
 * Encode @frame (its fourcc, width and height must be the encoder's;
 * bytesperline may include padding).  *@out points to the encoder's own
 * buffer, valid until the next encode or ipcam_jpeg_free().
 */
IPCAM_API int ipcam_jpeg_encode(struct ipcam_jpeg *jpeg,
				const struct ipcam_frame *frame,
				const uint8_t **out, size_t *size);
IPCAM_API const char *ipcam_jpeg_last_error(const struct ipcam_jpeg *jpeg);

/* ------------------------------------------------------------------ */
/* Audio: the camera's microphone (ALSA capture, S16_LE mono) */

struct ipcam_audio;

/*
 * Open the microphone of @cam (PCM "hw:CARD=<cam->sound_card>,DEV=0") and
 * start recording at once at exactly @rate Hz (ipcam: 8000, 16000 or
 * 48000): signed 16-bit mono samples in periods of about 20 ms, with about
 * 500 ms of buffer; read promptly from then on, or it overruns.
 * -ENODEV when the camera has no microphone or it has gone, -EINVAL when
 * the device cannot record at exactly @rate, -EOPNOTSUPP when it cannot
 * record S16_LE mono, -EBUSY when another program is recording from it.
 */
IPCAM_API int ipcam_audio_open(const struct ipcam_camera_info *cam,
			       unsigned int rate, struct ipcam_audio **out);
/* Stops recording and closes.  NULL is allowed. */
IPCAM_API void ipcam_audio_close(struct ipcam_audio *a);

/*
 * Read exactly @frames samples into @buf, blocking until they have been
 * recorded; returns @frames.  *@first_ns (unless @first_ns is NULL) gets
 * the CLOCK_MONOTONIC time of the first one: the time the recording
 * started plus the samples recorded since, at the nominal rate, so
 * consecutive reads have consecutive times, on the clock of the video
 * frames' timestamps.
 * -EPIPE once after an overrun (the caller read too slowly): the samples
 * of this call are lost and recording has restarted; the next read's time
 * tells how long the gap is.  -ENODEV when the device has gone, and from
 * then on.
 */
IPCAM_API ssize_t ipcam_audio_read(struct ipcam_audio *a, int16_t *buf,
				   size_t frames, uint64_t *first_ns);
/* The rate it records at, Hz. */
IPCAM_API unsigned int ipcam_audio_rate(const struct ipcam_audio *a);
IPCAM_API const char *ipcam_audio_last_error(const struct ipcam_audio *a);

/* ------------------------------------------------------------------ */
/* PTZ: /dev/ptzN (see linux/ipcam-ptz.h for the meaning of each field) */

struct ipcam_ptz;

/*
 * Open a PTZ node ("/dev/ptz0", or a symlink to it), non-blocking.  Its
 * sysfs directory is found from the device number (/sys/dev/char/M:m).
 * -ENOTTY when the node does not speak the ipcam PTZ interface.
 */
IPCAM_API int ipcam_ptz_open(struct ipcam_ptz **ptz, const char *path);
/*
 * Same with an explicit sysfs directory; @path may be NULL to use only
 * the attributes (the ioctls then fail with -EBADF).  For tests and for
 * tools that only read the settings.
 */
IPCAM_API int ipcam_ptz_open_sysfs(struct ipcam_ptz **ptz, const char *path,
				   const char *sysfs_dir);
IPCAM_API void ipcam_ptz_close(struct ipcam_ptz *ptz);
/* The fd to poll: POLLIN when an event is queued; -EBADF without a node. */
IPCAM_API int ipcam_ptz_fd(const struct ipcam_ptz *ptz);
IPCAM_API const char *ipcam_ptz_last_error(const struct ipcam_ptz *ptz);

IPCAM_API int ipcam_ptz_get_info(struct ipcam_ptz *ptz,
				 struct ipcam_ptz_info *info);
IPCAM_API int ipcam_ptz_get_status(struct ipcam_ptz *ptz,
				   struct ipcam_ptz_status *status);

/*
 * Submit a move as is.  Checked before the ioctl: a known mode, an axis
 * mask of existing axes, -1/0/+1 values for a continuous move, reserved
 * fields zero (-EINVAL otherwise).  The helpers below build it for you.
 */
IPCAM_API int ipcam_ptz_send_move(struct ipcam_ptz *ptz,
				  const struct ipcam_ptz_move *move);
/* @pan/@tilt: direction -1, 0 or +1; @rate steps/s, 0 the default. */
IPCAM_API int ipcam_ptz_move_continuous(struct ipcam_ptz *ptz,
					uint32_t axis_mask, int pan, int tilt,
					uint32_t rate);
/* @pan/@tilt: steps from the current position. */
IPCAM_API int ipcam_ptz_move_relative(struct ipcam_ptz *ptz,
				      uint32_t axis_mask, int32_t pan,
				      int32_t tilt, uint32_t rate);
/* @pan/@tilt: target positions in steps (clamped to the soft limits). */
IPCAM_API int ipcam_ptz_move_absolute(struct ipcam_ptz *ptz,
				      uint32_t axis_mask, int32_t pan,
				      int32_t tilt, uint32_t rate);
IPCAM_API int ipcam_ptz_stop(struct ipcam_ptz *ptz, uint32_t axis_mask);
IPCAM_API int ipcam_ptz_center(struct ipcam_ptz *ptz);
/* Patrol the axes between their soft limits; @rounds 0 = until stopped. */
IPCAM_API int ipcam_ptz_patrol(struct ipcam_ptz *ptz, uint32_t axis_mask,
			       uint32_t rounds);
/* Presets 0 .. IPCAM_PTZ_NUM_PRESETS - 1 (the SDK's 1..16 minus one). */
IPCAM_API int ipcam_ptz_preset_set(struct ipcam_ptz *ptz, unsigned int index);
IPCAM_API int ipcam_ptz_preset_goto(struct ipcam_ptz *ptz,
				    unsigned int index);
IPCAM_API int ipcam_ptz_preset_clear(struct ipcam_ptz *ptz,
				     unsigned int index);
/*
 * The head keeps presets only while the device exists: a program that
 * keeps them across reboots reads each one back after setting it
 * (-ENOENT when it is not stored) and restores it when the camera comes
 * back: @stored non-zero stores it at @pan/@tilt (-ERANGE beyond the soft
 * limits), zero clears it.  Neither depends on
 * IPCAM_PTZ_ATTR_PRESETS_DISABLED.
 */
IPCAM_API int ipcam_ptz_preset_get(struct ipcam_ptz *ptz, unsigned int index,
				   int32_t *pan, int32_t *tilt);
IPCAM_API int ipcam_ptz_preset_restore(struct ipcam_ptz *ptz,
				       unsigned int index, int stored,
				       int32_t pan, int32_t tilt);
IPCAM_API int ipcam_ptz_selftest(struct ipcam_ptz *ptz);

/*
 * Next event of this open file, without blocking: 0 and *@ev filled,
 * -EAGAIN when none is queued, -ENODEV when the device has gone.  A gap
 * in ev->seqno means the kernel's queue overflowed.
 */
IPCAM_API int ipcam_ptz_read_event(struct ipcam_ptz *ptz,
				   struct ipcam_ptz_event *ev);

/* The sysfs attributes of /sys/class/misc/ptzN/, as integers. */
enum ipcam_ptz_attr {
	IPCAM_PTZ_ATTR_PAN_POSITION,	/* RO, steps */
	IPCAM_PTZ_ATTR_TILT_POSITION,	/* RO, steps */
	IPCAM_PTZ_ATTR_STATE,		/* RO, IPCAM_PTZ_STATE_* */
	IPCAM_PTZ_ATTR_PATROL_TYPE,	/* 0 none, 1 horizontal, 2 vertical, 3 both */
	IPCAM_PTZ_ATTR_AUTO_PATROL_INTERVAL,	/* 0..3600 s, 0 never */
	IPCAM_PTZ_ATTR_PATROL_H_ROUNDS,	/* 0..255, 0 until stopped */
	IPCAM_PTZ_ATTR_PATROL_V_ROUNDS,	/* 0..255 */
	IPCAM_PTZ_ATTR_PATROL_RATE,	/* 0..100, 0 the fastest */
	IPCAM_PTZ_ATTR_UP_RATE,		/* 0..100, 100 the fastest */
	IPCAM_PTZ_ATTR_DOWN_RATE,
	IPCAM_PTZ_ATTR_LEFT_RATE,
	IPCAM_PTZ_ATTR_RIGHT_RATE,
	IPCAM_PTZ_ATTR_CENTER_ON_START,	/* RO, 0/1: the head centred at probe */
	IPCAM_PTZ_ATTR_PRESETS_DISABLED,	/* 0/1 */
	IPCAM_PTZ_ATTR_LED_MODE,	/* 0 blink when moving, 1 on, 2 off */
	IPCAM_PTZ_ATTR_IO_OUTPUT,	/* 0/1 */
	IPCAM_PTZ_ATTR_ALARM_INPUT,	/* RO, 0/1 */
	IPCAM_PTZ_ATTR_COUNT
};

/* The attribute's file name, range and whether it can be written. */
struct ipcam_ptz_attr_desc {
	const char *name;
	int32_t min;
	int32_t max;
	int writable;
};

/* Static description of @attr; NULL for an unknown attribute. */
IPCAM_API const struct ipcam_ptz_attr_desc *
ipcam_ptz_attr_describe(enum ipcam_ptz_attr attr);
IPCAM_API int ipcam_ptz_attr_get(struct ipcam_ptz *ptz,
				 enum ipcam_ptz_attr attr, int32_t *value);
/* -EINVAL outside the range (nothing written), -EPERM for a RO attribute. */
IPCAM_API int ipcam_ptz_attr_set(struct ipcam_ptz *ptz,
				 enum ipcam_ptz_attr attr, int32_t value);

#ifdef __cplusplus
}
#endif

#endif /* IPCAM_H */
