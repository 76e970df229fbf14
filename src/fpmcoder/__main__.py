from fpmcoder.main import main

if __name__ == "__main__":  # never when a worker process of the window imports it
    raise SystemExit(main())
