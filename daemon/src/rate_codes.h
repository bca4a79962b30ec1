/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SDK's frame rate codes, in one table: camera_control.cgi param 6
 * (the camera's rate, get_camera_params' fps) and the `rate` of the
 * stream CGIs.  0 is full speed, 1 = 20 fps ... 23 = a frame every 5 s.
 */
#ifndef IPCAMD_RATE_CODES_H
#define IPCAMD_RATE_CODES_H

/*
 * The interval between frames of CODE in microseconds (0 for full speed);
 * a code in between two of the table's takes the next slower rate.  -1
 * for a negative code or one past the slowest (23).
 */
long rate_code_interval_us(long code);
/* The code get_camera_params reports for a device running at FPS (> 0). */
int rate_code_of_fps(double fps);

#endif
