from deckapp.cli import main

raise SystemExit(main())
