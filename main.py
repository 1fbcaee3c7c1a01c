"""digitcam: recognize handwritten digits live from a webcam, a video file or an image."""
import sys


def main(argv=None) -> int:
    from realtime.cli import main as run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
