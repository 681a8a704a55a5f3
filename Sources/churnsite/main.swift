import ChurnsiteCLI

Churnsite.main()
