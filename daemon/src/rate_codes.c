// SPDX-License-Identifier: GPL-2.0-or-later
#include "rate_codes.h"

#include "util.h"

/*
 * Each code's interval, and the slowest device rate reported as that code
 * (a driver's nearest interval is often a little off the SDK's).
 */
static const struct {
	int code;
	long us;
	double min_fps;
} rates[] = {
	{ 1, 50000, 19.5 }, { 3, 66667, 14.5 }, { 6, 100000, 9.5 },
	{ 11, 200000, 4.5 }, { 12, 250000, 3.5 }, { 13, 333333, 2.5 },
	{ 14, 500000, 1.5 }, { 15, 1000000, 0.75 }, { 17, 2000000, 0.4 },
	{ 19, 3000000, 0.29 }, { 21, 4000000, 0.22 }, { 23, 5000000, 0 },
};

long rate_code_interval_us(long code)
{
	if (code == 0)
		return 0;
	for (size_t i = 0; code > 0 && i < ARRAY_SIZE(rates); i++)
		if (code <= rates[i].code)
			return rates[i].us;
	return -1;
}

int rate_code_of_fps(double fps)
{
	for (size_t i = 0; i < ARRAY_SIZE(rates); i++)
		if (fps >= rates[i].min_fps)
			return rates[i].code;
	return rates[ARRAY_SIZE(rates) - 1].code;
}
