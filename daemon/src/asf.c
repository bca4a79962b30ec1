// SPDX-License-Identifier: GPL-2.0-or-later
#include "asf.h"

#include <string.h>

/*
 * GUIDs are written as in the specification's text form
 * D1-D2-D3-D4[0..1]-D4[2..7], stored little-endian for D1, D2 and D3 and
 * as is for D4 (the Windows GUID layout).
 */
#define G(d1, d2, d3, a, b, c, d, e, f, g, h) { \
	(d1) & 0xff, ((d1) >> 8) & 0xff, ((d1) >> 16) & 0xff, ((d1) >> 24) & 0xff, \
	(d2) & 0xff, ((d2) >> 8) & 0xff, (d3) & 0xff, ((d3) >> 8) & 0xff, \
	a, b, c, d, e, f, g, h }

const uint8_t asf_guid_header[16] =
	G(0x75B22630, 0x668E, 0x11CF, 0xA6, 0xD9, 0x00, 0xAA, 0x00, 0x62, 0xCE, 0x6C);
const uint8_t asf_guid_file_props[16] =
	G(0x8CABDCA1, 0xA947, 0x11CF, 0x8E, 0xE4, 0x00, 0xC0, 0x0C, 0x20, 0x53, 0x65);
const uint8_t asf_guid_stream_props[16] =
	G(0xB7DC0791, 0xA9B7, 0x11CF, 0x8E, 0xE6, 0x00, 0xC0, 0x0C, 0x20, 0x53, 0x65);
const uint8_t asf_guid_header_ext[16] =
	G(0x5FBF03B5, 0xA92E, 0x11CF, 0x8E, 0xE3, 0x00, 0xC0, 0x0C, 0x20, 0x53, 0x65);
const uint8_t asf_guid_data[16] =
	G(0x75B22636, 0x668E, 0x11CF, 0xA6, 0xD9, 0x00, 0xAA, 0x00, 0x62, 0xCE, 0x6C);
const uint8_t asf_guid_video_media[16] =
	G(0xBC19EFC0, 0x5B4D, 0x11CF, 0xA8, 0xFD, 0x00, 0x80, 0x5F, 0x5C, 0x44, 0x2B);
const uint8_t asf_guid_audio_media[16] =
	G(0xF8699E40, 0x5B4D, 0x11CF, 0xA8, 0xFD, 0x00, 0x80, 0x5F, 0x5C, 0x44, 0x2B);
const uint8_t asf_guid_no_ecc[16] =
	G(0x20FB5700, 0x5B55, 0x11CF, 0xA8, 0xFD, 0x00, 0x80, 0x5F, 0x5C, 0x44, 0x2B);
const uint8_t asf_guid_reserved1[16] =
	G(0xABD3D211, 0xA9BA, 0x11CF, 0x8E, 0xE6, 0x00, 0xC0, 0x0C, 0x20, 0x53, 0x65);
/* the File ID of every stream we write (one live "file", no identity) */
static const uint8_t file_id[16] =
	G(0x1b7a0f32, 0x4f8c, 0x4c6e, 0x9d, 0x61, 0x69, 0x70, 0x63, 0x61, 0x6d, 0x64);

#define FILE_PROPS_SIZE		104U
#define STREAM_PROPS_BASE	78U
#define VIDEO_TSD		(4U + 4U + 1U + 2U + 40U)	/* + BITMAPINFOHEADER */
#define AUDIO_TSD		20U	/* WAVEFORMATEX + cbSize 2 + wSamplesPerBlock */
#define HEADER_EXT_SIZE		46U
#define HEADER_BASE		30U
#define DATA_HEADER		50U

struct w {
	uint8_t *p;
};

static void put8(struct w *w, uint8_t v)
{
	*w->p++ = v;
}

static void put16(struct w *w, uint16_t v)
{
	put8(w, (uint8_t)v);
	put8(w, (uint8_t)(v >> 8));
}

static void put32(struct w *w, uint32_t v)
{
	put16(w, (uint16_t)v);
	put16(w, (uint16_t)(v >> 16));
}

static void put64(struct w *w, uint64_t v)
{
	put32(w, (uint32_t)v);
	put32(w, (uint32_t)(v >> 32));
}

static void putg(struct w *w, const uint8_t g[16])
{
	memcpy(w->p, g, 16);
	w->p += 16;
}

size_t asf_header_size(const struct asf_info *info)
{
	return HEADER_BASE + FILE_PROPS_SIZE + STREAM_PROPS_BASE + VIDEO_TSD +
	       (info->audio ? STREAM_PROPS_BASE + AUDIO_TSD : 0) + HEADER_EXT_SIZE + DATA_HEADER;
}

static void file_props(struct w *w, const struct asf_info *info)
{
	putg(w, asf_guid_file_props);
	put64(w, FILE_PROPS_SIZE);
	putg(w, file_id);
	put64(w, 0);		/* file size: invalid while broadcasting */
	put64(w, 0);		/* creation date */
	put64(w, 0);		/* data packets count */
	put64(w, 0);		/* play duration */
	put64(w, 0);		/* send duration */
	put64(w, 0);		/* preroll, ms */
	put32(w, 0x01);		/* flags: broadcast, not seekable */
	put32(w, ASF_PACKET_SIZE);	/* min = max: fixed-size packets */
	put32(w, ASF_PACKET_SIZE);
	put32(w, info->max_bitrate);
}

static void stream_props_head(struct w *w, const uint8_t type[16], uint32_t tsd, int stream)
{
	putg(w, asf_guid_stream_props);
	put64(w, STREAM_PROPS_BASE + tsd);
	putg(w, type);
	putg(w, asf_guid_no_ecc);
	put64(w, 0);		/* time offset */
	put32(w, tsd);
	put32(w, 0);		/* error correction data length */
	put16(w, (uint16_t)stream);	/* flags: stream number, not encrypted */
	put32(w, 0);		/* reserved */
}

static void video_props(struct w *w, const struct asf_info *info)
{
	stream_props_head(w, asf_guid_video_media, VIDEO_TSD, ASF_VIDEO_STREAM);
	put32(w, info->width);
	put32(w, info->height);
	put8(w, 0x02);		/* reserved flags: the specification's value */
	put16(w, 40);		/* format data size */
	/* BITMAPINFOHEADER */
	put32(w, 40);
	put32(w, info->width);
	put32(w, info->height);
	put16(w, 1);		/* planes */
	put16(w, 24);		/* bit count */
	put8(w, 'M');		/* compression 'MJPG' as a FOURCC */
	put8(w, 'J');
	put8(w, 'P');
	put8(w, 'G');
	put32(w, info->width * info->height * 3);	/* image size (uncompressed) */
	put32(w, 0);
	put32(w, 0);
	put32(w, 0);
	put32(w, 0);
}

static void audio_props(struct w *w)
{
	stream_props_head(w, asf_guid_audio_media, AUDIO_TSD, ASF_AUDIO_STREAM);
	/* WAVEFORMATEX */
	put16(w, 0x0011);		/* WAVE_FORMAT_IMA_ADPCM */
	put16(w, 1);			/* mono */
	put32(w, ASF_ADPCM_RATE);
	/* average bytes per second: whole blocks of 505 samples */
	put32(w, ASF_ADPCM_RATE * ASF_ADPCM_BLOCK / ASF_ADPCM_SAMPLES);
	put16(w, ASF_ADPCM_BLOCK);	/* block align */
	put16(w, 4);			/* bits per sample */
	put16(w, 2);			/* cbSize: the extra field below */
	put16(w, ASF_ADPCM_SAMPLES);	/* samples per block */
}

size_t asf_header(uint8_t *out, const struct asf_info *info)
{
	struct w w = { out };
	size_t total = asf_header_size(info);

	putg(&w, asf_guid_header);
	put64(&w, total - DATA_HEADER);
	put32(&w, info->audio ? 4 : 3);	/* header objects */
	put8(&w, 0x01);			/* reserved 1 and 2: required values */
	put8(&w, 0x02);
	file_props(&w, info);
	video_props(&w, info);
	if (info->audio)
		audio_props(&w);
	putg(&w, asf_guid_header_ext);
	put64(&w, HEADER_EXT_SIZE);
	putg(&w, asf_guid_reserved1);
	put16(&w, 6);			/* reserved field 2: always 6 */
	put32(&w, 0);			/* extension data size */
	/* Data Object header: size and packet count unknown (broadcast) */
	putg(&w, asf_guid_data);
	put64(&w, 0);
	putg(&w, file_id);
	put64(&w, 0);
	put16(&w, 0x0101);		/* reserved: required value */
	return (size_t)(w.p - out);
}

size_t asf_packets_needed(size_t len)
{
	return len == 0 ? 1 : (len + ASF_PACKET_ROOM - 1) / ASF_PACKET_ROOM;
}

void asf_packet_header(uint8_t out[ASF_PACKET_OVERHEAD], int stream, bool key, uint8_t objnum,
		       uint32_t pres, uint32_t send, size_t len, size_t off, size_t frag)
{
	struct w w = { out };

	/* error correction data: 2 bytes, type 0 (none computed) */
	put8(&w, 0x82);
	put8(&w, 0);
	put8(&w, 0);
	/* length type flags: single payload, no sequence, padding length as
	 * a WORD, packet length implicit (fixed size) */
	put8(&w, 0x10);
	/* property flags: replicated data length BYTE, offset DWORD, media
	 * object number BYTE, stream number BYTE */
	put8(&w, 0x5D);
	put16(&w, (uint16_t)(ASF_PACKET_ROOM - frag));
	put32(&w, send);
	put16(&w, 0);		/* duration */
	put8(&w, (uint8_t)((stream & 0x7f) | (key ? 0x80 : 0)));
	put8(&w, objnum);
	put32(&w, (uint32_t)off);
	put8(&w, 8);
	put32(&w, (uint32_t)len);
	put32(&w, pres);
}

size_t asf_fragment(size_t len, size_t i)
{
	size_t off = i * ASF_PACKET_ROOM;

	return len - off > ASF_PACKET_ROOM ? ASF_PACKET_ROOM : len - off;
}

size_t asf_packetize(uint8_t *out, int stream, bool key, uint8_t objnum,
		     uint32_t pres, uint32_t send, const uint8_t *data, size_t len)
{
	size_t n = asf_packets_needed(len);

	for (size_t i = 0; i < n; i++) {
		uint8_t *p = out + i * ASF_PACKET_SIZE;
		size_t off = i * ASF_PACKET_ROOM, frag = asf_fragment(len, i);

		asf_packet_header(p, stream, key, objnum, pres, send, len, off, frag);
		if (frag)
			memcpy(p + ASF_PACKET_OVERHEAD, data + off, frag);
		memset(p + ASF_PACKET_OVERHEAD + frag, 0, ASF_PACKET_ROOM - frag);
	}
	return n * ASF_PACKET_SIZE;
}
