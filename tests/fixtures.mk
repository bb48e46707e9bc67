# fixture files shipped with the distribution
