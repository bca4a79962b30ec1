// SPDX-License-Identifier: GPL-2.0-only
/*
 * ipcam: V4L2 and pan/tilt driver for the camera head of a pan/tilt network
 * camera.  A platform driver: instances come from firmware (device tree, or
 * ACPI PRP0001) or, on a machine without either, from this module itself
 * (the "devices" parameter).  Both paths read their settings through the
 * device_property_*() API, so they run the same code.
 */
#include <linux/debugfs.h>
#include <linux/idr.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/slab.h>

#include "ipcam-core.h"

#define IPCAM_MAX_DEVICES	8

static unsigned int devices;
module_param(devices, uint, 0444);
MODULE_PARM_DESC(devices, "number of virtual cameras (simulated sensor and motors) to create besides those the firmware describes (0-8, default 0)");

static unsigned int activity_period;
module_param(activity_period, uint, 0444);
MODULE_PARM_DESC(activity_period, "seconds between the virtual scene's cars (0: only when started from debugfs, default)");

static DEFINE_IDA(ipcam_ida);
static struct platform_device *ipcam_pdevs[IPCAM_MAX_DEVICES];

static void ipcam_dev_free(struct kref *kref)
{
	struct ipcam_dev *idev = container_of(kref, struct ipcam_dev, kref);

	v4l2_ctrl_handler_free(&idev->ctrl_hdl);
	ipcam_vid_cap_free(idev);
	mutex_destroy(&idev->ptz.lock);
	mutex_destroy(&idev->lock);
	kfree(idev);
}

void ipcam_dev_get(struct ipcam_dev *idev)
{
	kref_get(&idev->kref);
}

void ipcam_dev_put(struct ipcam_dev *idev)
{
	kref_put(&idev->kref, ipcam_dev_free);
}

/* The last video node reference is gone: drop the V4L2 side's reference. */
static void ipcam_v4l2_release(struct v4l2_device *v4l2_dev)
{
	struct ipcam_dev *idev = container_of(v4l2_dev, struct ipcam_dev, v4l2_dev);

	v4l2_device_unregister(v4l2_dev);
	ipcam_dev_put(idev);
}

static int ipcam_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct ipcam_dev *idev;
	int ret;

	idev = kzalloc(sizeof(*idev), GFP_KERNEL);
	if (!idev)
		return -ENOMEM;
	kref_init(&idev->kref);
	mutex_init(&idev->lock);
	idev->dev = dev;
	idev->inst = ida_alloc_max(&ipcam_ida, IPCAM_MAX_DEVICES - 1, GFP_KERNEL);
	if (idev->inst < 0) {
		ret = idev->inst;
		mutex_destroy(&idev->lock);
		kfree(idev);
		return ret;
	}

	idev->mains_hz = 50;
	device_property_read_u32(dev, "openipcam,mains-frequency-hz", &idev->mains_hz);
	if (idev->mains_hz != 50 && idev->mains_hz != 60) {
		ret = dev_err_probe(dev, -EINVAL, "mains frequency must be 50 or 60 Hz\n");
		goto err_put;
	}

	ret = ipcam_ptz_init(&idev->ptz, dev);
	if (ret)
		goto err_put;

	ret = ipcam_vid_cap_init(idev, activity_period);
	if (ret)
		goto err_put;

	ret = v4l2_device_register(dev, &idev->v4l2_dev);
	if (ret)
		goto err_put;
	/* From here on the V4L2 device owns a reference, dropped by release. */
	ipcam_dev_get(idev);
	idev->v4l2_dev.release = ipcam_v4l2_release;

	ret = ipcam_ctrls_init(idev);
	if (ret)
		goto err_v4l2;

	ret = ipcam_vid_cap_register(idev);
	if (ret)
		goto err_v4l2;

	/* The camera works without its microphone: a failure is only told. */
	if (device_property_read_bool(dev, "openipcam,microphone")) {
		ret = ipcam_audio_register(idev);
		if (ret)
			dev_warn(dev, "no microphone: %d\n", ret);
	}

	ret = ipcam_ptz_register(&idev->ptz, idev->inst);
	if (ret)
		goto err_audio;

	platform_set_drvdata(pdev, idev);
	ipcam_debugfs_init(idev);
	schedule_work(&idev->ptz.start_work);
	dev_info(dev, "camera %d: %s and %s (%s motors)%s\n", idev->inst,
		 video_device_node_name(&idev->vdev), idev->ptz.name,
		 idev->ptz.ops->name, idev->card ? ", microphone" : "");
	return 0;

err_audio:
	ipcam_audio_unregister(idev);
	ipcam_vid_cap_unregister(idev);
err_v4l2:
	/* Setting up the controls may have started the motors' works. */
	ipcam_ptz_shutdown(&idev->ptz);
	v4l2_device_put(&idev->v4l2_dev);
err_put:
	ida_free(&ipcam_ida, idev->inst);
	ipcam_dev_put(idev);
	return ret;
}

static int ipcam_remove(struct platform_device *pdev)
{
	struct ipcam_dev *idev = platform_get_drvdata(pdev);

	ipcam_debugfs_exit(idev);
	/* Recordings end with -ENODEV; the card goes with its last file. */
	ipcam_audio_unregister(idev);
	/* Motion stops; open /dev/ptzN files get -ENODEV and a hang-up. */
	ipcam_ptz_shutdown(&idev->ptz);
	ipcam_ptz_unregister(&idev->ptz);
	/* Stops streaming; open files then get -ENODEV from the core. */
	ipcam_vid_cap_unregister(idev);
	v4l2_device_put(&idev->v4l2_dev);
	/*
	 * The instance number only names registered nodes: free it now, so a
	 * rebind gets the same names even while old files are still open.
	 */
	ida_free(&ipcam_ida, idev->inst);
	ipcam_dev_put(idev);
	return 0;
}

/* The binding's compatible; also matched through ACPI PRP0001. */
static const struct of_device_id ipcam_of_match[] = {
	{ .compatible = "openipcam,pt-head" },
	{ }
};
MODULE_DEVICE_TABLE(of, ipcam_of_match);

static const struct platform_device_id ipcam_id_table[] = {
	{ IPCAM_DRV_NAME },
	{ }
};
MODULE_DEVICE_TABLE(platform, ipcam_id_table);

static struct platform_driver ipcam_driver = {
	.probe = ipcam_probe,
	.remove = ipcam_remove,
	.id_table = ipcam_id_table,
	.driver = {
		.name = IPCAM_DRV_NAME,
		.of_match_table = ipcam_of_match,
	},
};

/* Properties of a virtual camera, as a device tree node would give them. */
static const struct property_entry ipcam_virtual_props[] = {
	PROPERTY_ENTRY_U32("openipcam,mains-frequency-hz", 50),
	PROPERTY_ENTRY_BOOL("openipcam,microphone"),
	{ }
};

static void ipcam_unregister_virtual(void)
{
	int i;

	for (i = IPCAM_MAX_DEVICES - 1; i >= 0; i--) {
		platform_device_unregister(ipcam_pdevs[i]);
		ipcam_pdevs[i] = NULL;
	}
}

static int __init ipcam_init(void)
{
	struct platform_device_info info = {
		.name = IPCAM_DRV_NAME,
		.properties = ipcam_virtual_props,
	};
	unsigned int i;
	int ret;

	if (devices > IPCAM_MAX_DEVICES) {
		pr_err("ipcam: devices=%u: at most %d\n", devices, IPCAM_MAX_DEVICES);
		return -EINVAL;
	}

	ret = platform_driver_register(&ipcam_driver);
	if (ret)
		return ret;

	for (i = 0; i < devices; i++) {
		struct platform_device *pdev;

		info.id = i;
		pdev = platform_device_register_full(&info);
		if (IS_ERR(pdev)) {
			ret = PTR_ERR(pdev);
			ipcam_unregister_virtual();
			platform_driver_unregister(&ipcam_driver);
			return ret;
		}
		ipcam_pdevs[i] = pdev;
	}
	return 0;
}

static void __exit ipcam_exit(void)
{
	ipcam_unregister_virtual();
	platform_driver_unregister(&ipcam_driver);
}

module_init(ipcam_init);
module_exit(ipcam_exit);

MODULE_DESCRIPTION("Pan/tilt IP camera head: V4L2 sensor and PTZ motors");
MODULE_AUTHOR("openipcam developers");
MODULE_LICENSE("GPL");
