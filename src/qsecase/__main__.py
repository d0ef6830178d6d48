from qsecase.cli import main

raise SystemExit(main())
