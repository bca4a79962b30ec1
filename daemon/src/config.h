/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Daemon configuration: built-in defaults < config file < command line. */
#ifndef IPCAMD_CONFIG_H
#define IPCAMD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#define SERIAL_PORTS 4

enum reboot_action {
	REBOOT_RESTART,		/* re-execute the daemon (the default) */
	REBOOT_SYSTEM,		/* run reboot_program (on a board) */
	REBOOT_EXIT,		/* exit with status 0 (a supervisor restarts it) */
	REBOOT_APPLY,		/* run "apply_program reboot" (unprivileged daemon) */
};

struct config {
	int port;		/* factory HTTP port */
	bool port_forced;	/* --port given: overrides the stored port */
	char *listen;		/* address to bind; "" = every address */
	char *state_dir;
	char *settings_file;
	char *password_file;	/* the per-device factory admin password */
	char *web_root;		/* static files; "" = none */
	char *camera;		/* which camera ("" = the first one) */
	char *serial_port[SERIAL_PORTS];	/* comm_write ports 0..3; 0 = decoder */
	enum reboot_action reboot_action;
	char *reboot_program;
	char *apply_program;	/* network / wifi / pppoe; "" = store only */
	char *server_header;
	char *device_id;	/* "" = MAC of the first interface */
	char *sys_ver;		/* "" = the running firmware's version */
	char *app_ver;		/* "" = the running web UI's version */
	char *upgrade_keys;	/* directory of trusted minisign keys (*.pub) */
	bool allow_downgrade;	/* upgrades may install an older version */
	int upgrade_max_size;	/* largest upgrade image, bytes */
	bool blank_secrets;	/* get_params prints secrets as '' */
	bool set_clock;		/* set_datetime now= and SNTP may set the clock */
	int sntp_interval;	/* seconds between SNTP synchronisations */
	int login_fail_limit;
	int login_fail_window;
	int login_lockout;	/* seconds; 0 = no throttling */
	int conn_limit;
	int conn_per_ip;
	int conn_timeout;	/* idle seconds */
	int request_timeout;	/* seconds for a whole request line + headers */
	int conn_memory;	/* bytes per connection (request line + headers) */
	int max_viewers;	/* concurrent videostream.cgi/.asf viewers */
	int max_viewers_per_ip;	/* of those, from one address; 0 = a quarter */
	double capture_linger;	/* seconds the capture runs on after the last consumer */
	int stream_sndbuf;	/* SO_SNDBUF of a stream socket, bytes; 0 = system's */
	bool stream_timestamps;	/* X-Timestamp part header by default */
	int jpeg_quality;
	char *ddns_url[3];	/* update URLs: oray, dyndns, 3322 (enum ddns_family) */
	int ddns_retry;		/* first DDNS backoff, seconds */
	int upnp_lease;		/* seconds of a port mapping; 0 = permanent */
	int upnp_retry;		/* first UPnP backoff, seconds */
	int upnp_discover_ms;	/* SSDP discovery wait */
	char *upnp_multicastif;	/* interface or address SSDP goes out on; "" = the system's */
	int alarm_hold;		/* seconds an alarm outlasts its sources */
	int alarm_settle_ms;	/* motion ignored this long after a head move */
	int notify_timeout;	/* seconds: connect, or silence mid-transfer */
	int notify_retry;	/* first backoff of a failed notification, seconds */
	int notify_retries;	/* tries after the first failure */
	int notify_queue;	/* notifications a channel holds */
	int mail_interval;	/* seconds between two alarm mails */
	int mail_snapshots;	/* JPEGs in an alarm mail */
	char *notify_ca_file;	/* a CA trusted besides the system's; "" none */
	bool test_pattern;	/* TEST FEATURE: synthetic frames, no camera */
	char *log_level;
	bool foreground;
	char *config_file;
};

extern struct config cfg;

/* Built-in defaults. */
void config_defaults(struct config *c);
/*
 * Read a key=value file into C.  Unknown keys and bad values are errors
 * (the message names file and line).  0, or -1 with ERR filled.
 */
int config_load(struct config *c, const char *path, char *err, size_t errlen);
/* Fill in paths derived from state_dir. */
void config_finish(struct config *c);
/* Set one key (file or command line).  0, or -1 when invalid. */
int config_set(struct config *c, const char *key, const char *value);
void config_free(struct config *c);

#endif
