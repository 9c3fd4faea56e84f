"""QuizApp's Qt widgets: thin views over ``quizapp.core``."""
