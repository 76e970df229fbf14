from fpmcoder.main import main

raise SystemExit(main())
