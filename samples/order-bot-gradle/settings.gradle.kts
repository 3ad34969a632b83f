rootProject.name = "order-bot-gradle"
