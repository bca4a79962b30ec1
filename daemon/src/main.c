// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipcamd: the IP camera CGI daemon.  Options and configuration, start-up,
 * the main loop (signals, hotplug, actions after replies), shutdown.
 */
#include <curl/curl.h>
#include <limits.h>
#include <sodium.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "apply.h"
#include "boot_state.h"
#include "auth.h"
#include "camera.h"
#include "cgi.h"
#include "config.h"
#include "alarm.h"
#include "ddns.h"
#include "http.h"
#include "http_media.h"
#include "identity.h"
#include "log.h"
#include "notify.h"
#include "serial.h"
#include "services.h"
#include "settings.h"
#include "sntp.h"
#include "slots.h"
#include "test_pattern.h"
#include "upgrade.h"
#include "upnp.h"
#include "util.h"
#include "version.h"

#define DEFAULT_CONFIG "/etc/ipcamd.conf"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: ipcamd [OPTION]...\n"
		"Serve the IP camera CGI protocol (IPCAM CGI SDK 2.1) over HTTP.\n"
		"\n"
		"  -c, --config=FILE      configuration file (default " DEFAULT_CONFIG
		" if present)\n"
		"  -i, --instance=NAME    serve the camera NAME (a libipcam name: the\n"
		"                         platform device, e.g. ipcam.0) and read\n"
		"                         ipcamd/NAME.conf next to the configuration\n"
		"                         file after it, when present (its port...)\n"
		"  -p, --port=PORT        HTTP port; overrides the stored port\n"
		"  -L, --listen=ADDR      address to listen on (default: all)\n"
		"  -s, --state-dir=DIR    where settings and the factory password live\n"
		"  -f, --foreground       stay in the foreground and log to stderr\n"
		"  -l, --log-level=LEVEL  error, warning, info (default) or debug\n"
		"  -h, --help             show this help and exit\n"
		"  -V, --version          show the version and exit\n"
		"      --test-pattern     TEST FEATURE: media CGIs serve a synthetic\n"
		"                         picture (host tests without a camera)\n"
		"\n"
		"Environment: IPCAM_ADMIN_PASSWORD sets the factory admin password;\n"
		"ipcamd-boot sets IPCAM_BOOT_FD, IPCAM_BOOT_SLOT and IPCAM_FIRMWARE_DIR.\n"
		"Signals: SIGTERM/SIGINT stop the daemon cleanly.\n");
}

static void daemonize(void)
{
	pid_t pid = fork();
	int fd;

	if (pid < 0) {
		perror("ipcamd: fork");
		exit(1);
	}
	if (pid > 0)
		_exit(0);
	setsid();
	if (chdir("/") < 0)
		exit(1);
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
}

/*
 * --instance NAME (ipcamd@NAME.service: one daemon per camera): the camera
 * NAME, then NAME's own settings (its port above all) from ipcamd/NAME.conf
 * in the configuration file's directory, when that file exists.  NAME is a
 * file name: no '/', no leading '.'.
 */
static int load_instance(const char *name, const char *config_path, char *err, size_t errlen)
{
	char path[4096];
	const char *slash;
	int dirlen;

	if (!name[0] || name[0] == '.' || strchr(name, '/') || strlen(name) > 64) {
		snprintf(err, errlen, "bad instance name '%s'", name);
		return -1;
	}
	if (config_set(&cfg, "camera", name)) {
		snprintf(err, errlen, "bad camera name '%s'", name);
		return -1;
	}
	if (!config_path)
		config_path = DEFAULT_CONFIG;
	slash = strrchr(config_path, '/');
	dirlen = slash ? (int)(slash - config_path) : 1;
	if (snprintf(path, sizeof(path), "%.*s/ipcamd/%s.conf", dirlen, slash ? config_path : ".",
		     name) >= (int)sizeof(path)) {
		snprintf(err, errlen, "instance configuration path too long");
		return -1;
	}
	if (access(path, F_OK) != 0)
		return 0;
	return config_load(&cfg, path, err, errlen);
}

static int ensure_dir(const char *dir)
{
	char tmp[4096];

	if (strlen(dir) >= sizeof(tmp))
		return -1;
	str_copy(tmp, sizeof(tmp), dir);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(tmp, 0700) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* The background network clients (libcurl loads at their first transfer). */
static void start_services(struct services *svc)
{
	struct ddns_options d = {
		.url = { cfg.ddns_url[0], cfg.ddns_url[1], cfg.ddns_url[2] },
		.retry = cfg.ddns_retry,
		.user_agent = "ipcam - ipcamd - " IPCAMD_VERSION,
	};
	struct upnp_options u = {
		.lease = cfg.upnp_lease,
		.retry = cfg.upnp_retry,
		.discover_ms = cfg.upnp_discover_ms,
		.description = "ipcam camera HTTP",
		.multicastif = cfg.upnp_multicastif[0] ? cfg.upnp_multicastif : NULL,
	};

	struct alarm_options a = {
		.hold = cfg.alarm_hold,
		.settle = cfg.alarm_settle_ms / 1000.0,
		.camera = svc->camera,
		.media = svc->media,
	};
	struct notify_options n = {
		.timeout = cfg.notify_timeout,
		.retry = cfg.notify_retry,
		.retries = cfg.notify_retries,
		.queue = cfg.notify_queue,
		.mail_interval = cfg.mail_interval,
		.snapshots = cfg.mail_snapshots,
		.ca_file = cfg.notify_ca_file,
		.user_agent = "ipcam - ipcamd - " IPCAMD_VERSION,
		.device_id = device_id,
		.media = svc->media,
	};

	svc->ddns = ddns_start(&d);
	svc->upnp = upnp_start(&u, 0);	/* the port once the server listens */
	svc->alarm = alarm_start(&a);
	svc->notify = notify_start(&n, svc->alarm);
}

/* What ipcamd-boot says: its firmware directory, the running slot, and
 * where to report health.  Not passed on to anything the daemon runs. */
struct boot_env {
	char *fw_dir;		/* NULL: not started by ipcamd-boot */
	char *slot;
	int ready_fd;
};

static void boot_env_take(struct boot_env *b)
{
	const char *dir = getenv("IPCAM_FIRMWARE_DIR"), *slot = getenv("IPCAM_BOOT_SLOT");
	const char *fd = getenv("IPCAM_BOOT_FD");
	long n;

	b->fw_dir = dir && dir[0] == '/' ? xstrdup(dir) : NULL;
	b->slot = xstrdup(slot && b->fw_dir ? slot : SLOT_FACTORY);
	b->ready_fd = fd && parse_long(fd, strlen(fd), 3, INT_MAX, &n) ? (int)n : -1;
	unsetenv("IPCAM_FIRMWARE_DIR");
	unsetenv("IPCAM_BOOT_SLOT");
	unsetenv("IPCAM_BOOT_FD");
}

/* The daemon serves: ipcamd-boot may commit a firmware on trial. */
static void boot_report_ready(struct boot_env *b)
{
	static const char ready[] = "READY\n";

	if (b->ready_fd < 0)
		return;
	if (write(b->ready_fd, ready, sizeof(ready) - 1) < 0)
		log_warn("cannot report to ipcamd-boot: %s", strerror(errno));
	close(b->ready_fd);
	b->ready_fd = -1;
}

static struct upgrade *start_upgrades(const struct boot_env *b, bool test_pattern,
				      struct camera *cam)
{
	char www[4096] = "", *real;
	struct upgrade_options o = {
		.state_dir = cfg.state_dir,
		.keys_dir = cfg.upgrade_keys,
		.fw_dir = b->fw_dir,
		.boot_slot = b->slot,
		.firmware_www = www,
		.allow_downgrade = cfg.allow_downgrade,
		.test_pattern = test_pattern,
		.camera = cam,
		.max_size = (uint64_t)cfg.upgrade_max_size,
		.failpoint = getenv("IPCAMD_TEST_FAILPOINT"),
	};
	struct upgrade *u;

	/* the running firmware's pages: its slot's, or the configured ones */
	if (b->fw_dir && strcmp(b->slot, SLOT_FACTORY))
		snprintf(www, sizeof(www), "%s/%s/share/ipcamd/www", b->fw_dir, b->slot);
	else if (cfg.web_root[0] && (real = realpath(cfg.web_root, NULL))) {
		str_copy(www, sizeof(www), real);
		free(real);
	}
	if (o.failpoint)
		log_warn("TEST FEATURE: IPCAMD_TEST_FAILPOINT=%s", o.failpoint);
	u = upgrade_new(&o);
	/* served through STATE_DIR/www/current, which an upgrade switches */
	free(cfg.web_root);
	cfg.web_root = xstrdup(upgrade_web_root(u));
	return u;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "instance", required_argument, NULL, 'i' },
		{ "port", required_argument, NULL, 'p' },
		{ "listen", required_argument, NULL, 'L' },
		{ "state-dir", required_argument, NULL, 's' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "log-level", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "test-pattern", no_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config_path = NULL, *opt_port = NULL, *opt_listen = NULL;
	const char *opt_state = NULL, *opt_level = NULL, *instance = NULL;
	char err[512], pwd[16], slot_config[4096];
	enum log_level level;
	struct factory fac;
	struct http_server *srv = NULL;
	struct services svc = { 0 };
	struct camera *cam;
	struct boot_env boot;
	sigset_t mask;
	int c, sfd, generated = 0, port, rc = 0;
	bool foreground = false, restart = false, test_pattern = false;
	struct pattern_source *pattern = NULL;

	while ((c = getopt_long(argc, argv, "c:i:p:L:s:fl:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'c': config_path = optarg; break;
		case 'i': instance = optarg; break;
		case 'p': opt_port = optarg; break;
		case 'L': opt_listen = optarg; break;
		case 's': opt_state = optarg; break;
		case 'f': foreground = true; break;
		case 'l': opt_level = optarg; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("ipcamd %s\n", IPCAMD_VERSION); return 0;
		case 'T': test_pattern = true; break;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "ipcamd: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}

	boot_env_take(&boot);
	config_defaults(&cfg);
	if (!config_path && access(DEFAULT_CONFIG, F_OK) == 0)
		config_path = DEFAULT_CONFIG;
	if (!config_path && boot.fw_dir && strcmp(boot.slot, SLOT_FACTORY)) {
		/* no system configuration: the firmware's own defaults */
		snprintf(slot_config, sizeof(slot_config), "%s/%s/etc/ipcamd.conf", boot.fw_dir,
			 boot.slot);
		if (access(slot_config, F_OK) == 0)
			config_path = slot_config;
	}
	if (config_path && config_load(&cfg, config_path, err, sizeof(err))) {
		fprintf(stderr, "ipcamd: %s\n", err);
		return 2;
	}
	if (instance && load_instance(instance, config_path, err, sizeof(err))) {
		fprintf(stderr, "ipcamd: %s\n", err);
		return 2;
	}
	if ((opt_port && config_set(&cfg, "port", opt_port)) ||
	    (opt_listen && config_set(&cfg, "listen", opt_listen)) ||
	    (opt_state && config_set(&cfg, "state_dir", opt_state)) ||
	    (opt_level && config_set(&cfg, "log_level", opt_level))) {
		fprintf(stderr, "ipcamd: bad option value\n");
		return 2;
	}
	cfg.port_forced = opt_port != NULL;
	cfg.foreground = foreground;
	config_finish(&cfg);
	if (log_level_parse(cfg.log_level, &level)) {
		fprintf(stderr, "ipcamd: unknown log level '%s'\n", cfg.log_level);
		return 2;
	}
	if (!foreground)
		daemonize();
	log_init(!foreground, level);
	umask(077);
	signal(SIGPIPE, SIG_IGN);
	/*
	 * Blocks of 32 KiB and more (libmicrohttpd's per-connection pools at
	 * the default connection_memory, full-size JPEG frames) come from
	 * mmap and go back to the system when freed.  From the heap, a few
	 * small live blocks among them would pin their pages, and the
	 * daemon's RSS would keep the high-water mark of its busiest moment
	 * instead of returning to its resting size when the viewers leave.
	 * A fixed threshold also stops glibc from raising it on every free.
	 */
	mallopt(M_MMAP_THRESHOLD, 32 * 1024);

	if (ensure_dir(cfg.state_dir)) {
		log_err("cannot create %s: %s", cfg.state_dir, strerror(errno));
		return 1;
	}
	identity_device_id(cfg.device_id, device_id, sizeof(device_id));

	{
		const char *env = getenv("IPCAM_ADMIN_PASSWORD");
		char *configured = env ? xstrdup(env) : NULL;

		/* not inherited by anything the daemon runs */
		unsetenv("IPCAM_ADMIN_PASSWORD");
		rc = identity_factory_password(cfg.password_file, configured, pwd, sizeof(pwd),
					       &generated);
		if (configured) {
			secret_wipe(configured, strlen(configured));
			free(configured);
		}
		if (rc)
			return 1;
	}
	fac.admin_password = pwd;
	fac.port = cfg.port;
	settings_init(cfg.settings_file, &fac);
	if (settings_load())
		log_warn("the settings could not be saved: changes will not persist");
	if (generated)
		/* the one time the password is shown: a new per-device one */
		log_info("initial password of user 'admin': %s (kept in %s, readable by "
			 "root only; restore_factory.cgi returns to it)", pwd, cfg.password_file);
	secret_wipe(pwd, sizeof(pwd));

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGCHLD);
	/* before any thread starts, so that every thread blocks them */
	pthread_sigmask(SIG_BLOCK, &mask, NULL);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0) {
		log_err("signalfd: %s", strerror(errno));
		return 1;
	}

	if (sodium_init() < 0) {
		log_err("cannot initialise libsodium");
		return 1;
	}
	cam = camera_new(cfg.camera);
	svc.camera = cam;
	if (test_pattern)
		log_warn("TEST FEATURE: --test-pattern: the media CGIs serve a synthetic picture");
	if (test_pattern) {
		pattern = pattern_source_new();
		svc.media = media_new(&pattern_source_ops, pattern, cam);
	} else {
		svc.media = media_new(&camera_source_ops, cam, cam);
	}
	serial_apply_decoder();
	svc.sntp = sntp_start();

	settings_lock();
	port = cfg.port_forced ? cfg.port : (int)settings_int("port");
	settings_unlock();
	/* before the HTTP thread, which reads the handles */
	start_services(&svc);
	svc.upgrade = start_upgrades(&boot, test_pattern, cam);
	srv = http_start(port, &svc);
	if (!srv && port != cfg.port)
		srv = http_start(cfg.port, &svc);
	if (!srv) {
		rc = 1;
		goto out;
	}
	upnp_set_port(svc.upnp, http_port(srv));
	notify_set_port(svc.notify, http_port(srv));
	upgrade_set_wake(svc.upgrade, http_wake_upgrade, srv);
	log_info("ipcamd %s ready (device id %s)", IPCAMD_VERSION, device_id);
	boot_report_ready(&boot);

	for (;;) {
		struct pollfd pf[3];
		int n = 0, mfd = camera_monitor_fd(cam);
		bool stop = false;

		pf[n++] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		pf[n++] = (struct pollfd){ .fd = http_event_fd(srv), .events = POLLIN };
		if (mfd >= 0)
			pf[n++] = (struct pollfd){ .fd = mfd, .events = POLLIN };
		if (poll(pf, (nfds_t)n, camera_start_wait_ms(cam, 5000)) < 0 && errno != EINTR) {
			log_err("poll: %s", strerror(errno));
			rc = 1;
			break;
		}
		if (pf[0].revents & POLLIN) {
			struct signalfd_siginfo si;

			while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
				if (si.ssi_signo == SIGCHLD) {
					apply_reap();
				} else if (si.ssi_signo == SIGHUP) {
					log_info("SIGHUP: looking for the camera again");
					camera_rescan(cam);
				} else {
					log_info("signal %u: stopping", si.ssi_signo);
					stop = true;
				}
			}
		}
		if (stop)
			break;
		if (pf[1].revents & POLLIN) {
			unsigned int act = http_take_actions(srv);

			if (act & HTTP_ACT_LISTENER) {
				settings_lock();
				port = (int)settings_int("port");
				settings_unlock();
				http_move(srv, port);
				upnp_set_port(svc.upnp, http_port(srv));
				notify_set_port(svc.notify, http_port(srv));
			}
			if ((act & HTTP_ACT_UPGRADE) && upgrade_restart_pending(svc.upgrade)) {
				log_info("restarting into the new firmware");
				rc = BOOT_EXIT_RESTART;
				break;
			}
			if (act & HTTP_ACT_REBOOT) {
				if (cfg.reboot_action == REBOOT_SYSTEM) {
					char *av[] = { cfg.reboot_program, NULL };
					char *ev[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };
					pid_t pid = fork();

					if (pid == 0) {
						sigset_t none;

						sigemptyset(&none);
						sigprocmask(SIG_SETMASK, &none, NULL);
						execve(av[0], av, ev);
						_exit(127);
					}
					log_info("rebooting the system (%s)", cfg.reboot_program);
				} else if (cfg.reboot_action == REBOOT_APPLY) {
					log_info("asking %s to reboot the system", cfg.apply_program);
					apply_run(APPLY_REBOOT);
				} else if (cfg.reboot_action == REBOOT_RESTART && boot.fw_dir) {
					/* ipcamd-boot starts the slot in use again */
					log_info("restarting (through ipcamd-boot)");
					rc = BOOT_EXIT_RESTART;
					break;
				} else {
					restart = cfg.reboot_action == REBOOT_RESTART;
					log_info("%s", restart ? "restarting" : "exiting (reboot)");
					break;
				}
			}
		}
		if (mfd >= 0 && n > 2 && (pf[2].revents & POLLIN))
			camera_monitor_process(cam);
		if (!camera_present(cam))
			camera_rescan(cam);
		camera_start_tick(cam);
	}
out:
	http_stop(srv);
	/* after the HTTP server: no request reaches them any more */
	upgrade_free(svc.upgrade);	/* an install still running finishes */
	upnp_stop(svc.upnp);
	ddns_stop(svc.ddns);
	alarm_stop(svc.alarm);	/* before the capture and the camera it uses */
	notify_stop(svc.notify);	/* after the alarms it hears, before the capture */
	curl_global_cleanup();	/* if a transfer loaded libcurl (lazy_curl.c) */
	media_free(svc.media);
	pattern_source_free(pattern);
	sntp_stop(svc.sntp);
	camera_free(cam);
	settings_shutdown();
	close(sfd);
	if (restart) {
		sigset_t none;

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execv("/proc/self/exe", argv);
		log_err("cannot restart: %s", strerror(errno));
		rc = 1;
	}
	log_info("stopped");
	config_free(&cfg);
	free(boot.fw_dir);
	free(boot.slot);
	return rc;
}
