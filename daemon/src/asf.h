/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A live ASF (Advanced Systems Format) writer: what videostream.asf sends.
 * Pure byte building, no I/O: the header once per viewer, the data packets
 * once per frame (shared by every ASF viewer of that frame).
 *
 * Layout chosen (ASF specification 1.20, the parts a live stream needs):
 *   Header Object
 *     File Properties  (broadcast flag: sizes, counts and durations 0)
 *     Stream Properties #1: video, BITMAPINFOHEADER compression 'MJPG'
 *     Stream Properties #2: audio, WAVEFORMATEX 0x0011 IMA ADPCM 8 kHz
 *                           mono (only when the camera has audio)
 *     Header Extension (empty)
 *   Data Object (total packets 0: unknown)
 *     data packets, all ASF_PACKET_SIZE bytes: error correction data,
 *     payload parsing information (padding length as a WORD, send time,
 *     duration), ONE payload per packet (stream number with the key-frame
 *     bit, media object number, offset into the media object, 8 bytes of
 *     replicated data: object size and presentation time), the fragment,
 *     zero padding.  A media object larger than one packet's room is
 *     fragmented over consecutive packets.
 * Times are milliseconds; preroll 0.
 */
#ifndef IPCAMD_ASF_H
#define IPCAMD_ASF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ASF_PACKET_SIZE		3200U
/* error correction (3) + parsing info (2 + 2 + 4 + 2) */
#define ASF_PACKET_HEADER	13U
/* stream (1) + object number (1) + offset (4) + replicated length (1) + 8 */
#define ASF_PAYLOAD_HEADER	15U
#define ASF_PACKET_OVERHEAD	(ASF_PACKET_HEADER + ASF_PAYLOAD_HEADER)
#define ASF_PACKET_ROOM		(ASF_PACKET_SIZE - ASF_PACKET_OVERHEAD)

#define ASF_VIDEO_STREAM	1
#define ASF_AUDIO_STREAM	2

/* IMA ADPCM as the firmware sends it: 8 kHz mono, 256-byte blocks */
#define ASF_ADPCM_RATE		8000U
#define ASF_ADPCM_BLOCK		256U
#define ASF_ADPCM_SAMPLES	505U	/* (256 - 4) * 2 + 1 per block */

struct asf_info {
	uint32_t width;
	uint32_t height;
	bool audio;		/* add the IMA ADPCM stream */
	uint32_t max_bitrate;	/* bits/s, informative */
};

/* Bytes of the header (Header Object + Data Object header). */
size_t asf_header_size(const struct asf_info *info);
/* Write the header into OUT (asf_header_size bytes); returns that size. */
size_t asf_header(uint8_t *out, const struct asf_info *info);

/* Packets needed for a media object of LEN bytes (at least 1). */
size_t asf_packets_needed(size_t len);

/*
 * The ASF_PACKET_OVERHEAD bytes that open packet number OFF / ASF_PACKET_ROOM
 * of a media object of LEN bytes, whose fragment of FRAG bytes starts at
 * OFF; ASF_PACKET_ROOM - FRAG bytes of zero padding close the packet.  A
 * viewer writes these with its own times and sends the fragment from the
 * shared media object: no per-viewer copy of the object is built.
 */
void asf_packet_header(uint8_t out[ASF_PACKET_OVERHEAD], int stream, bool key, uint8_t objnum,
		       uint32_t pres, uint32_t send, size_t len, size_t off, size_t frag);
/* Bytes of a LEN-byte object in its packet number I. */
size_t asf_fragment(size_t len, size_t i);

/*
 * Write the packets of one media object (a JPEG, an ADPCM block) of
 * stream STREAM: asf_packets_needed(LEN) * ASF_PACKET_SIZE bytes into
 * OUT.  OBJNUM is the stream's media object number (wraps at 256), PRES
 * the presentation time and SEND the send time in ms.  Returns the bytes
 * written.
 */
size_t asf_packetize(uint8_t *out, int stream, bool key, uint8_t objnum,
		     uint32_t pres, uint32_t send, const uint8_t *data, size_t len);

/* The GUIDs as they appear on the wire (for the tests). */
extern const uint8_t asf_guid_header[16];
extern const uint8_t asf_guid_file_props[16];
extern const uint8_t asf_guid_stream_props[16];
extern const uint8_t asf_guid_header_ext[16];
extern const uint8_t asf_guid_data[16];
extern const uint8_t asf_guid_video_media[16];
extern const uint8_t asf_guid_audio_media[16];
extern const uint8_t asf_guid_no_ecc[16];
extern const uint8_t asf_guid_reserved1[16];

#endif
